/**
 * English user prompts, part 2: everyday life. Health, food, travel, family, school, science,
 * history, maths, languages, home, garden, cars, games, music, sport, shopping, relationships and
 * careers, in questions, commands, terse fragments and long messages with context.
 */
import { Ps, type Tpl } from './bn-types.js';

export const EN_PROMPTS_HEALTH: Tpl[] = Ps([
  'What helps with ⟨symptom⟩? {It started ⟨num⟩ days ago.|I\'d rather avoid medication.|I\'m ⟨num⟩ and otherwise healthy.|}',
  'How long does ⟨symptom⟩ usually last?',
  'When should I see a doctor about ⟨symptom⟩?',
  'Can I take ⟨medicine⟩ with ⟨medicine⟩?',
  'Is it OK to take ⟨medicine⟩ on an empty stomach?',
  'What\'s the usual adult dose of ⟨medicine⟩? {I just want to check the leaflet is right.|I lost the box.|}',
  'Give me a {beginner|3-day|home|gym|20-minute} workout plan to help me ⟨fitgoal⟩.',
  'I want to ⟨fitgoal⟩ by ⟨month⟩. {I can train ⟨few⟩ times a week.|I have bad knees.|I\'m starting from zero.} Can you plan it?',
  'How do I do ⟨exercise⟩ with good form?',
  'Are ⟨exercise⟩ or ⟨exercise⟩ better for {back strength|running|posture|losing weight}?',
  'How much protein do I need if I weigh ⟨num⟩ kg and lift ⟨few⟩ times a week?',
  'Tips for better sleep {when working night shifts|with a newborn|after drinking coffee late|in a hot flat}?',
  'How can I {drink more water|eat less sugar|stop snacking at night|cook healthier on a budget|get more fibre}?',
  'What\'s a normal resting heart rate for a {30|45|60|70}-year-old?',
  'Explain what {cholesterol|HbA1c|blood pressure|BMI|ferritin|vitamin B12} numbers on a blood test mean.',
  'How do I stretch after {running|cycling|sitting all day|climbing}?',
]);

export const EN_PROMPTS_FOOD: Tpl[] = Ps([
  'How do I make ⟨dish⟩{ without an oven| for ⟨num⟩ people| in under 30 minutes| ahead of time| using a ⟨kitchen⟩|}?',
  'Give me a ⟨diet⟩ version of ⟨dish⟩.',
  'What can I cook with ⟨ingredient⟩, ⟨ingredient⟩ and ⟨ingredient⟩?',
  'I have ⟨ingredient⟩ that needs using up. Ideas?',
  'What can I use instead of ⟨ingredient⟩ in ⟨dish⟩?',
  'Why did my {bread|cake|risotto|caramel|mayonnaise|meringue} {come out dense|split|burn|sink in the middle|turn grainy}?',
  'Plan a {week of|⟨few⟩-day} ⟨diet⟩ {dinners|lunches|meals} for {two|a family of four|one person on a budget|a student}.',
  'Make a shopping list for ⟨dish⟩ and ⟨dish⟩.',
  'How long does cooked ⟨ingredient⟩ keep in the fridge?',
  'Convert {⟨num⟩0 g of flour to cups|2 cups of sugar to grams|350°F to Celsius|a stick of butter to grams|⟨num⟩ oz to grams|⟨num⟩ ml to tablespoons}.',
  'Suggest a ⟨cuisine⟩ menu for a dinner party of ⟨num⟩{, one guest is ⟨diet⟩|}.',
  'Which wine goes with ⟨dish⟩?',
  'What\'s the difference between {baking soda and baking powder|stock and broth|single and double cream|jasmine and basmati rice|a sauté and a stir-fry}?',
  'Is my ⟨kitchen⟩ worth it for {a family|one person|batch cooking}?',
  'Scale this recipe from 4 to ⟨num⟩ servings: 400 g pasta, 2 eggs, 100 g cheese, 150 g bacon.',
]);

export const EN_PROMPTS_TRAVEL: Tpl[] = Ps([
  'What\'s the best way to get from ⟨placekind⟩ to {the city|the old town|our hotel} in ⟨city⟩{ with two suitcases| late at night| with a pushchair| on a budget|}?',
  'Plan a {3-day|week-long|long weekend|10-day} trip to ⟨city⟩ {on a budget|with kids|for a foodie|in ⟨month⟩|by train|without a car}.',
  'Is ⟨month⟩ a good time to visit ⟨country⟩?',
  'Do I need a visa to visit ⟨country⟩ with a {British|Canadian|Indian|Brazilian|German} passport?',
  'What should I pack for {a hiking trip|a business trip|a beach holiday|a ski weekend|a wedding} in ⟨country⟩ in ⟨month⟩?',
  'How many days do I need for ⟨landmark⟩?',
  'Is it better to stay in ⟨city⟩ or ⟨city⟩ for a first visit to ⟨country⟩?',
  'My flight to ⟨city⟩ got {cancelled|delayed by ⟨num⟩ hours|overbooked}. What am I entitled to?',
  'Give me a rainy-day plan for ⟨city⟩ with {kids|teenagers|my parents}.',
  'Cheapest way to get from ⟨city⟩ to ⟨city⟩?',
  'Is the ⟨transport⟩ safe at night in ⟨city⟩?',
  'Write a packing list for ⟨kidage⟩ on a ⟨num⟩-hour flight.',
  'What are some local dishes I should try in ⟨city⟩?',
  'How do tipping customs work in ⟨country⟩?',
  'Help me write a message to our Airbnb host asking {for an early check-in|whether there is parking|how to use the heating|if we can leave bags after checkout}.',
]);

export const EN_PROMPTS_FAMILY: Tpl[] = Ps([
  '⟨Kidq⟩. {Any advice?|What would you do?|Is this normal?|How do other parents handle it?}',
  'Help! ⟨kidq⟩ and I\'m exhausted.',
  'What are good {board games|books|indoor activities|chores|science experiments} for ⟨kidage⟩?',
  'Give me ⟨few⟩ ideas for a {birthday party|rainy Saturday|long car journey|screen-free afternoon} with ⟨kidage⟩.',
  'How do I explain {death|divorce|money|why the sky is blue|where babies come from|a new sibling} to ⟨kidage⟩?',
  'What pocket money is normal for ⟨kidage⟩?',
  '⟨Relq⟩. {How should I bring it up?|What do I say?|Am I overreacting?|Help me word a message.}',
  'Help me write a kind message to ⟨relative⟩ {after a fight|who just lost their job|who is going through a break-up|to say sorry|to say thank you}.',
  'What\'s a thoughtful gift for ⟨relative⟩ who loves ⟨hobby⟩{, budget ⟨budget⟩|}?',
  'Ideas for a {first date|tenth anniversary|surprise party|family reunion} in ⟨city⟩?',
  'My ⟨pet⟩ {won\'t stop scratching|isn\'t eating|keeps barking at night|pulls on the lead|scratches the sofa}. What should I try?',
  'How do I introduce a new ⟨pet⟩ to {my cat|my dog|the kids|a small flat}?',
]);

export const EN_PROMPTS_LEARN: Tpl[] = Ps([
  'Explain ⟨scitopic⟩ {simply|to ⟨kidage⟩|for a ⟨grade⟩ exam|in three sentences|with an everyday example}.',
  'What should I know about ⟨scitopic⟩ {before my exam|as a complete beginner|for a school project|}?',
  'Help me understand ⟨mathtopic⟩. {I have a test on ⟨weekday⟩.|My teacher went too fast.|Use simple numbers.}',
  'Can you check my answer? {I got x = ⟨num⟩ for 3x - 7 = ⟨num⟩.|The derivative of x² sin x is 2x cos x.|15% of 240 is 32.|The area of a circle of radius 3 is 28.27.}',
  'Solve {2x + ⟨num⟩ = ⟨bignum⟩|x² - 5x + 6 = 0|the integral of x·e^x|for y: 3y - 4 = 2(y + ⟨num⟩)} and show the steps.',
  'What caused ⟨histevent⟩?',
  'Summarise ⟨histevent⟩ in {five bullet points|one paragraph|a timeline}.',
  'What were the consequences of ⟨histevent⟩?',
  'Who was ⟨figure⟩ and why are they remembered?',
  'Compare ⟨histevent⟩ and ⟨histevent⟩.',
  'Give me an essay plan: "{How far was ⟨histevent⟩ a turning point?|To what extent did ⟨figure⟩ change their field?|Discuss the themes of ⟨book⟩.}"',
  'What are the main themes in ⟨book⟩?',
  'Explain the ending of ⟨book⟩.',
  'I\'m {a ⟨grade⟩ student|⟨level⟩} studying ⟨subject⟩. {Make me a revision plan.|Quiz me with ⟨few⟩ questions.|What should I focus on?}',
  'Quiz me on {⟨subject⟩|capital cities|the periodic table|⟨hlang⟩ vocabulary|⟨histevent⟩}{, one question at a time|}.',
  'Make flashcards for {⟨scitopic⟩|⟨mathtopic⟩|⟨langtopic⟩ in ⟨hlang⟩|key dates in ⟨histevent⟩}.',
  'How do I learn ⟨hlang⟩ as ⟨level⟩?',
  'Explain ⟨langtopic⟩ in ⟨hlang⟩ with examples.',
  'Correct my ⟨hlang⟩ please: "{Je suis allé au magasin hier et j\'ai acheté du pain.|Ich habe gestern ins Kino gegangen.|Yo soy cansado hoy.|Watashi wa gakusei desu.}"',
  'What\'s the difference between {ser and estar|por and para|tu and vous|wa and ga|du and Sie|preterite and imperfect}?',
  'Recommend {podcasts|YouTube channels|graded readers|apps} for learning ⟨hlang⟩.',
  'How does ⟨scitopic⟩ relate to ⟨scitopic⟩?',
  'Is it true that {we only use 10% of our brains|goldfish have a 3-second memory|lightning never strikes twice|the Great Wall is visible from space}?',
  'How many {seconds are in a year|litres are in a gallon|kilometres is a marathon|calories are in a banana}?',
  'What is ⟨pct⟩ of ⟨bignum⟩?',
  'Convert ⟨num⟩ {miles to km|°C to °F|kg to pounds|feet to metres}.',
]);

export const EN_PROMPTS_HOME: Tpl[] = Ps([
  'How do I fix ⟨houseissue⟩?',
  'There\'s ⟨houseissue⟩ {in my rental|in our old house|since last week}. {Can I fix it myself or call someone?|What tools do I need?|Is it urgent?}',
  'How do I ⟨diytask⟩? {I\'ve never done it before.|I have basic tools.|Step by step please.}',
  'What do I need to ⟨diytask⟩?',
  'Roughly how much does it cost to ⟨diytask⟩ if I hire someone?',
  'When should I plant ⟨plant⟩ in {⟨country⟩|a cold climate|a small balcony|pots}?',
  'My ⟨plant⟩ {has yellow leaves|is drooping|won\'t flower|has brown spots}. What\'s wrong?',
  'How do I get rid of ⟨gardenissue⟩{ without chemicals|}?',
  'Plan a small {vegetable patch|pollinator garden|herb garden|shade garden} for a {2 x 3 m|north-facing|windy} space.',
  'How do I {clean|declutter|organise} {a garage|the kitchen|a small wardrobe|the kids\' toys|a home office} fast?',
  'Best way to remove {red wine|grease|coffee|ink|mud|sweat} stains from {a carpet|a white shirt|a sofa|jeans}?',
  'How can I lower my {heating bill|electricity bill|water bill} in a {flat|old house|rental}?',
  'I drive ⟨car⟩ and it has ⟨carissue⟩. {Is it safe to drive?|What could it be?|How much will it cost?}',
  'How often should I {change the oil|rotate the tyres|replace the brake pads|service} on ⟨car⟩?',
  'Should I buy {a used|a new|an electric|a hybrid} car{ for a ⟨num⟩ km commute| with ⟨kidage⟩| on ⟨budget⟩|}?',
  'How do I jump-start a car? {The battery is flat and I have cables.|My neighbour has a van.}',
]);

export const EN_PROMPTS_FUN: Tpl[] = Ps([
  'Any tips for ⟨game⟩? {I keep dying on the second boss.|I\'m new.|I\'ve got ⟨num⟩ hours in and feel stuck.}',
  'Games like ⟨game⟩ but {shorter|co-op|less grindy|for ⟨kidage⟩}?',
  'Explain the rules of ⟨game⟩ {quickly|to my grandparents|for a group of ⟨few⟩}.',
  'What\'s a good opening in chess for {beginners|someone who likes attacking|black against e4}?',
  'How do I get better at ⟨musicthing⟩ on the ⟨instrument⟩?',
  'Give me a {15-minute|30-minute|weekly} ⟨instrument⟩ practice routine.',
  'Recommend ⟨genre⟩ albums for someone who likes ⟨genre⟩.',
  'What makes ⟨genre⟩ sound like ⟨genre⟩? Explain it like I\'m not a musician.',
  'Who has won the most {Champions League titles|Grand Slams|World Cups|Tour de France stages|Olympic golds in swimming}?',
  'Explain the offside rule{ with an example|, my partner keeps asking|}.',
  'How does scoring work in {tennis|cricket|padel|darts|curling|American football}?',
  'Write a training plan for a {beginner|U12|veterans\'} ⟨sport⟩ team, ⟨few⟩ sessions a week.',
  'How do I start ⟨hobby⟩ {as an adult|on a budget|with no experience|in ⟨city⟩}?',
  'What gear do I need for ⟨hobby⟩?',
  'Recommend {a book|a film|a podcast|a documentary} about {⟨figure⟩|⟨histevent⟩|⟨hobby⟩|⟨scitopic⟩}.',
]);

export const EN_PROMPTS_SHOP: Tpl[] = Ps([
  'Which is better: ⟨brandprod⟩ or ⟨brandprod⟩? {I mostly use it for ⟨hobby⟩.|Battery life matters most.|Budget is ⟨budget⟩.}',
  'What should I look for when buying ⟨product⟩?',
  'Is ⟨product⟩ worth it for {a small flat|a family of five|someone who travels a lot|a student}?',
  'Help me choose ⟨product⟩. Budget: ⟨budget⟩.',
  'Is it a good time to buy ⟨brandprod⟩ or will a new one come out soon?',
  'My ⟨brandprod⟩ {won\'t turn on|keeps disconnecting from Wi-Fi|battery drains fast|is stuck on the logo}. What can I try?',
  'How do I return ⟨product⟩ bought online in ⟨country⟩? It\'s been ⟨num⟩ days.',
  'Write a review of ⟨product⟩: {good value, noisy|great but the app is bad|broke after a month|exactly as described}.',
]);

export const EN_PROMPTS_CAREER: Tpl[] = Ps([
  'How do I ⟨careerq⟩?',
  'I\'m a ⟨job⟩ and want to become a ⟨job⟩. {Where do I start?|What skills transfer?|Is it realistic in a year?}',
  'Review my CV bullet: "{Responsible for managing social media accounts.|Did customer service for 3 years.|Worked on the ⟨tool⟩ migration.|Helped improve sales.}" Make it stronger.',
  'Help me prepare for an interview as a ⟨job⟩ at ⟨company⟩.',
  'Write my answer to "Tell me about yourself" — I\'m a ⟨job⟩ with ⟨few⟩ years\' experience moving into ⟨job⟩ work.',
  'What salary should I ask for as a ⟨job⟩ in ⟨city⟩?',
  'Write a LinkedIn summary for a ⟨job⟩ who {loves ⟨hobby⟩|is returning after parental leave|just finished a bootcamp|is looking for remote work}.',
  'Is it normal to {feel bored after two years in a job|be asked for three rounds of interviews|get no feedback after an interview}?',
]);
