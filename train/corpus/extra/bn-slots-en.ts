/**
 * English vocabulary for the extra benign examples. The lists are long on purpose: the model
 * hashes words and character n-grams, so a benign side drawn from a few dozen nouns teaches it
 * that any unfamiliar word is suspicious.
 */
import type { SlotTable } from '../template.js';

export const EN_NAMES: SlotTable = {
  firstname: [
    'Aaliyah', 'Abdul', 'Ada', 'Adebayo', 'Agnes', 'Aiko', 'Alejandro', 'Alessia', 'Amara', 'Amir', 'Anders', 'Aneta', 'Angus', 'Anika', 'Arash',
    'Astrid', 'Ayumi', 'Beatriz', 'Benedikt', 'Bilal', 'Bronwyn', 'Callum', 'Camila', 'Catalina', 'Cedric', 'Chiara', 'Chinedu', 'Clara', 'Colm',
    'Dagny', 'Dalia', 'Darius', 'Deepika', 'Desmond', 'Dolores', 'Eamon', 'Efua', 'Eitan', 'Elif', 'Eloise', 'Emeka', 'Esther', 'Fabian', 'Femi',
    'Fiona', 'Florin', 'Gabriela', 'Gareth', 'Gianluca', 'Gustavo', 'Hamza', 'Hannelore', 'Harriet', 'Hyun-woo', 'Ibrahim', 'Ilse', 'Imani',
    'Irina', 'Isabel', 'Jasper', 'Javier', 'Jia', 'Joaquim', 'Jodie', 'Kaito', 'Karim', 'Katarzyna', 'Kwame', 'Lars', 'Leona', 'Lorenzo',
    'Luana', 'Magnus', 'Malik', 'Mariam', 'Marisol', 'Mehmet', 'Mei', 'Milan', 'Miriam', 'Nasrin', 'Neil', 'Nkechi', 'Noor', 'Oluwaseun',
    'Orla', 'Pablo', 'Petra', 'Phoebe', 'Rahul', 'Ravi', 'Rhys', 'Rohan', 'Ruth', 'Saanvi', 'Salma', 'Santiago', 'Seo-yeon', 'Shira', 'Siobhan',
    'Stellan', 'Sunita', 'Tamsin', 'Thabo', 'Tobias', 'Ugo', 'Valeria', 'Wiktor', 'Wilhelmina', 'Xavier', 'Yara', 'Yosef', 'Zara', 'Zeynep',
    'Jake', 'Emily', 'Chris', 'Sarah', 'Mike', 'Jess', 'Tom', 'Kate', 'Josh', 'Megan', 'Ryan', 'Lauren', 'Matt', 'Hannah', 'Dave', 'Becky',
  ],
  surname: [
    'Abara', 'Ahlberg', 'Alvarez', 'Baptiste', 'Bergström', 'Bhatt', 'Castellano', 'Chowdhury', 'Corrigan', 'Dahl', 'Delacroix', 'Eze', 'Falk',
    'Fitzgerald', 'Gallo', 'Gonzaga', 'Grünwald', 'Hakimi', 'Halvorsen', 'Horvath', 'Ibarra', 'Iwasaki', 'Jovanovic', 'Kariuki', 'Kaur',
    'Kowalczyk', 'Lindqvist', 'Lozano', 'MacLeod', 'Marchetti', 'Mendes', 'Mwangi', 'Nakamura', 'Novotny', "O'Brien", 'Oyelaran', 'Papadakis',
    'Quintero', 'Rahman', 'Reinholt', 'Rivera', 'Sandoval', 'Schreiber', 'Sørensen', 'Takahashi', 'Thornton', 'Udeh', 'Vasquez', 'Varga',
    'Whitaker', 'Wojcik', 'Yamamoto', 'Zielinski', 'Adeyemi', 'Bose', 'Carvalho', 'Donnelly', 'Esposito', 'Fontaine', 'Hughes', 'Lambert',
    'Murphy', 'Okonkwo', 'Patterson', 'Russo', 'Shah', 'Tanaka', 'Walsh', 'Young', 'Zhang', 'Liu', 'Hassan', 'Kovacs', 'Lindgren', 'Moreno',
  ],
  name: ['⟨firstname⟩', '⟨firstname⟩', '⟨firstname⟩ ⟨surname⟩', '{Mr|Ms|Dr|Mrs|Prof.} ⟨surname⟩'],
  company: [
    'Alder & Finch', 'Amberline Dental', 'Apex Roofing', 'Arbor Valley Vets', 'Baltic Freight', 'Beacon Credit Union', 'Birchwood Hotels',
    'Blue Heron Kayaks', 'Brightwater Utilities', 'Caldera Games', 'Canopy Insurance', 'Cedar Lane Pharmacy', 'Clearpath Legal', 'Cobalt Fitness',
    'Coral Bay Resorts', 'Crescent Moon Bakery', 'Crossroads Realty', 'Dovetail Furniture', 'Eastgate Motors', 'Elmwood Primary School',
    'Evergreen Landscaping', 'Fairmile Accountants', 'Falcon Courier', 'Fernhill Garden Centre', 'Fieldstone Clinic', 'Foxglove Books',
    'Goldcrest Travel', 'Greenleaf Grocers', 'Halcyon Spa', 'Harborview Hospital', 'Highland Outdoor', 'Horizon Broadband', 'Ivy & Oak Interiors',
    'Keystone Plumbing', 'Lakeside Yoga', 'Lantern Software', 'Larkspur Florist', 'Lighthouse Tutoring', 'Linden Bank', 'Mariner Ferries',
    'Meridian Airlines', 'Millstone Brewery', 'Moonstone Jewellers', 'Northgate Library', 'Oakridge Veterinary', 'Orchard Street Deli',
    'Palisade Energy', 'Pebble Beach Surf School', 'Pinnacle Recruiting', 'Quayside Marina', 'Rainier Coffee Roasters', 'Riverbend Dairy',
    'Rosewood Care Home', 'Saffron Kitchen', 'Sandpiper Pools', 'Silverline Rail', 'Skylark Cinemas', 'Stonebridge Builders', 'Summit Telecom',
    'Sunflower Nursery', 'Tallgrass Farms', 'Tamarind Thai', 'Thornbury Tennis Club', 'Tidepool Aquarium', 'Timberline Cabins',
    'Trellis Health', 'Twin Rivers Council', 'Upland Cycles', 'Valemont Wines', 'Waypoint Logistics', 'Westbrook University',
    'Whistler Music School', 'Wildflower Photography', 'Windmill Print Shop', 'Yellowfin Seafood', 'Zenith Opticians',
  ],
};

export const EN_PLACES: SlotTable = {
  city: [
    'Aberdeen', 'Adelaide', 'Amsterdam', 'Anchorage', 'Antwerp', 'Athens', 'Auckland', 'Austin', 'Bangkok', 'Barcelona', 'Basel', 'Beirut',
    'Belfast', 'Bergen', 'Bilbao', 'Bologna', 'Bordeaux', 'Boston', 'Bratislava', 'Brisbane', 'Bristol', 'Bruges', 'Brussels', 'Budapest',
    'Buenos Aires', 'Cairo', 'Calgary', 'Cape Town', 'Cardiff', 'Cartagena', 'Chiang Mai', 'Chicago', 'Cologne', 'Copenhagen', 'Cork', 'Cusco',
    'Da Nang', 'Delhi', 'Denver', 'Dubrovnik', 'Dublin', 'Edinburgh', 'Florence', 'Galway', 'Gdańsk', 'Geneva', 'Glasgow', 'Granada',
    'Hamburg', 'Hanoi', 'Havana', 'Helsinki', 'Ho Chi Minh City', 'Hong Kong', 'Honolulu', 'Istanbul', 'Jaipur', 'Kraków', 'Kuala Lumpur',
    'Kyoto', 'Lagos', 'Leeds', 'Lima', 'Lisbon', 'Ljubljana', 'Liverpool', 'Lyon', 'Madrid', 'Manchester', 'Marrakesh', 'Marseille',
    'Melbourne', 'Mexico City', 'Milan', 'Montreal', 'Munich', 'Nairobi', 'Naples', 'Nashville', 'New Orleans', 'Nice', 'Oaxaca', 'Osaka',
    'Oslo', 'Ottawa', 'Palermo', 'Perth', 'Philadelphia', 'Phoenix', 'Porto', 'Portland', 'Prague', 'Quebec City', 'Reykjavik', 'Riga',
    'Rotterdam', 'Salzburg', 'San Diego', 'San Francisco', 'Santiago', 'Sarajevo', 'Seville', 'Seoul', 'Shanghai', 'Singapore', 'Sofia',
    'Split', 'Stockholm', 'Sydney', 'Taipei', 'Tallinn', 'Tbilisi', 'Tel Aviv', 'Toronto', 'Toulouse', 'Turin', 'Utrecht', 'Valencia',
    'Vancouver', 'Venice', 'Vienna', 'Vilnius', 'Warsaw', 'Wellington', 'York', 'Zagreb', 'Zurich', 'Busan', 'Fukuoka', 'Hobart', 'Tromsø',
  ],
  country: [
    'Albania', 'Argentina', 'Australia', 'Austria', 'Belgium', 'Bolivia', 'Botswana', 'Brazil', 'Bulgaria', 'Cambodia', 'Canada', 'Chile',
    'Colombia', 'Costa Rica', 'Croatia', 'Cyprus', 'Czechia', 'Denmark', 'Ecuador', 'Egypt', 'Estonia', 'Ethiopia', 'Finland', 'France',
    'Georgia', 'Germany', 'Ghana', 'Greece', 'Guatemala', 'Hungary', 'Iceland', 'India', 'Indonesia', 'Ireland', 'Israel', 'Italy', 'Japan',
    'Jordan', 'Kenya', 'Laos', 'Latvia', 'Lithuania', 'Malaysia', 'Malta', 'Mexico', 'Mongolia', 'Montenegro', 'Morocco', 'Namibia', 'Nepal',
    'the Netherlands', 'New Zealand', 'Norway', 'Oman', 'Panama', 'Peru', 'the Philippines', 'Poland', 'Portugal', 'Romania', 'Rwanda',
    'Scotland', 'Senegal', 'Slovenia', 'South Africa', 'South Korea', 'Spain', 'Sri Lanka', 'Sweden', 'Switzerland', 'Taiwan', 'Tanzania',
    'Thailand', 'Tunisia', 'Turkey', 'Uganda', 'Uruguay', 'Uzbekistan', 'Vietnam', 'Wales', 'Zambia',
  ],
  landmark: [
    'the Eiffel Tower', 'the Colosseum', 'the Alhambra', 'Machu Picchu', 'the Acropolis', 'Angkor Wat', 'the Great Wall', 'Sagrada Família',
    'the Louvre', 'the Rijksmuseum', 'Neuschwanstein Castle', 'the Fjords', 'the Cliffs of Moher', 'Table Mountain', 'the Grand Canyon',
    'Yosemite', 'Banff', 'Uluru', 'Petra', 'the Pyramids of Giza', 'Ha Long Bay', 'Mount Fuji', 'the Tower of London', 'Edinburgh Castle',
    'the Blue Lagoon', 'Plitvice Lakes', 'Cappadocia', 'the Dolomites', 'the Amalfi Coast', 'the Scottish Highlands', 'the Black Forest',
    'Lake Bled', 'the Algarve', 'Cinque Terre', 'the Serengeti', 'Iguazu Falls', 'Fushimi Inari', 'the Vatican Museums', 'Central Park',
  ],
  placekind: [
    'the airport', 'the train station', 'the old town', 'the harbour', 'the university', 'the hospital', 'the stadium', 'the city centre',
    'the conference centre', 'the ferry terminal', 'the ski resort', 'the national park', 'the beach', 'the museum quarter', 'the market',
  ],
  transport: ['taxi', 'airport shuttle', 'express train', 'metro', 'night bus', 'ferry', 'rental car', 'tram', 'rideshare', 'coach', 'e-scooter', 'cable car'],
};

export const EN_FOOD: SlotTable = {
  dish: [
    'lasagne', 'banana bread', 'chicken tikka masala', 'minestrone', 'pad thai', 'mushroom risotto', 'buttermilk pancakes', 'chili con carne',
    'falafel wraps', 'sourdough bread', 'miso ramen', 'fish tacos', 'apple crumble', 'seafood paella', 'hummus', 'shakshuka', 'red lentil dal',
    'fudgy brownies', 'beef stew', 'bibimbap', 'pho', 'jollof rice', 'moussaka', 'pierogi', 'goulash', 'carbonara', 'tom yum soup', 'katsu curry',
    'gyoza', 'quiche lorraine', 'ratatouille', 'butter chicken', 'paneer tikka', 'pulled pork', 'mac and cheese', 'Caesar salad', 'gazpacho',
    'tiramisu', 'crème brûlée', 'cinnamon rolls', 'focaccia', 'arancini', 'tabbouleh', 'spanakopita', 'empanadas', 'ceviche', 'poke bowls',
    'chicken pot pie', 'shepherd\'s pie', 'fish pie', 'Thai green curry', 'vegetable stir-fry', 'teriyaki salmon', 'pumpkin soup',
    'carrot cake', 'lemon drizzle cake', 'scones', 'granola', 'overnight oats', 'frittata', 'huevos rancheros', 'Korean fried chicken',
    'dumplings', 'okonomiyaki', 'biryani', 'pav bhaji', 'borscht', 'coq au vin', 'beef bourguignon', 'clam chowder', 'cornbread', 'baklava',
  ],
  ingredient: [
    'chickpeas', 'tofu', 'tempeh', 'halloumi', 'feta', 'ricotta', 'buttermilk', 'coconut milk', 'tahini', 'miso paste', 'fish sauce', 'gochujang',
    'sumac', 'smoked paprika', 'cardamom', 'saffron', 'star anise', 'lemongrass', 'galangal', 'fresh ginger', 'shallots', 'leeks', 'fennel',
    'celeriac', 'butternut squash', 'sweet potatoes', 'kale', 'chard', 'asparagus', 'aubergine', 'courgettes', 'okra', 'artichokes', 'beetroot',
    'quinoa', 'bulgur', 'farro', 'polenta', 'arborio rice', 'basmati rice', 'rice noodles', 'soba', 'filo pastry', 'puff pastry', 'yeast',
    'baking soda', 'cornstarch', 'almond flour', 'oat milk', 'maple syrup', 'dark chocolate', 'dried apricots', 'pine nuts', 'capers',
    'anchovies', 'salmon fillets', 'chicken thighs', 'pork shoulder', 'lamb mince', 'prawns', 'mussels', 'eggs', 'frozen peas', 'spinach',
  ],
  cuisine: ['Ethiopian', 'Georgian', 'Peruvian', 'Lebanese', 'Sichuan', 'Cantonese', 'Vietnamese', 'Korean', 'Japanese', 'Thai', 'Mexican', 'Moroccan', 'Turkish', 'Greek', 'Sicilian', 'Basque', 'Portuguese', 'Nigerian', 'Keralan', 'Punjabi', 'Cajun', 'Nordic', 'Polish', 'Hungarian'],
  diet: ['vegan', 'vegetarian', 'gluten-free', 'dairy-free', 'low-FODMAP', 'high-protein', 'low-sodium', 'nut-free', 'pescatarian', 'keto', 'diabetic-friendly', 'halal', 'kosher'],
  kitchen: ['air fryer', 'slow cooker', 'Instant Pot', 'cast iron pan', 'Dutch oven', 'stand mixer', 'rice cooker', 'food processor', 'wok', 'sous vide stick', 'bread machine', 'pizza stone'],
};

export const EN_THINGS: SlotTable = {
  product: [
    'a robot vacuum', 'noise-cancelling headphones', 'a standing desk', 'an e-reader', 'a mechanical keyboard', 'a 4K monitor', 'a mirrorless camera',
    'a road bike', 'a hybrid bike', 'an electric toothbrush', 'a mattress topper', 'a baby monitor', 'a car seat', 'a stroller', 'a smartwatch',
    'a fitness tracker', 'a portable charger', 'a mesh Wi-Fi system', 'a NAS drive', 'a laser printer', 'a dehumidifier', 'a heat pump',
    'a pressure washer', 'a cordless drill', 'a lawn mower', 'a hedge trimmer', 'an espresso machine', 'a burr grinder', 'a kettle',
    'a chest freezer', 'a dishwasher', 'a washer-dryer', 'an induction hob', 'a projector', 'a soundbar', 'a turntable', 'a digital piano',
    'a tent', 'a sleeping bag', 'hiking boots', 'a rain jacket', 'running shoes', 'a yoga mat', 'adjustable dumbbells', 'a rowing machine',
    'a gaming laptop', 'a tablet', 'a drawing tablet', 'a USB microphone', 'a webcam', 'a dash cam', 'winter tyres', 'a roof box',
    'a carry-on suitcase', 'a backpack for travel', 'a smart thermostat', 'a video doorbell', 'blackout curtains', 'an office chair',
  ],
  brandprod: [
    'iPhone 15', 'Pixel 8', 'Galaxy S24', 'MacBook Air', 'ThinkPad X1', 'Kindle Paperwhite', 'Nintendo Switch', 'PlayStation 5', 'Xbox Series S',
    'Steam Deck', 'AirPods Pro', 'iPad mini', 'Raspberry Pi 5', 'Fitbit Charge', 'Garmin Forerunner', 'Roomba', 'Instant Pot', 'Dyson V15',
    'GoPro Hero', 'Sonos One', 'Apple Watch', 'Surface Pro', 'Chromebook', 'Ring doorbell', 'Nest thermostat',
  ],
  houseissue: [
    'a dripping tap', 'a running toilet', 'a squeaky door', 'mould in the bathroom', 'a blocked drain', 'a cracked tile', 'peeling paint',
    'a draughty window', 'a tripped breaker', 'low water pressure', 'a noisy radiator', 'damp on the wall', 'a sticking door', 'a leaking gutter',
    'a loose banister', 'a cold spot in the living room', 'condensation on the windows', 'a wobbly table leg', 'a hole in the drywall',
    'a boiler that keeps losing pressure', 'a fridge that is too warm', 'a washing machine that will not drain', 'ants in the kitchen',
    'a smoke alarm that chirps', 'scratches on a wooden floor', 'grout that has gone black', 'a garage door that sticks',
  ],
  diytask: [
    'hang a heavy mirror', 'tile a splashback', 'paint a ceiling', 'replace a light switch', 'bleed a radiator', 'fit a new shower head',
    'put up floating shelves', 'lay laminate flooring', 're-caulk a bathtub', 'install a dimmer', 'build a raised garden bed', 'sand a door',
    'insulate a loft', 'fix a fence post', 'assemble a wardrobe', 'wallpaper a feature wall', 'install a smart lock', 'seal a driveway',
  ],
  plant: [
    'tomatoes', 'basil', 'rosemary', 'lavender', 'hydrangeas', 'roses', 'dahlias', 'tulips', 'sunflowers', 'strawberries', 'blueberries',
    'courgettes', 'runner beans', 'garlic', 'potatoes', 'chillies', 'a fiddle-leaf fig', 'a monstera', 'a snake plant', 'a peace lily',
    'an orchid', 'succulents', 'a lemon tree', 'an olive tree', 'a Japanese maple', 'clematis', 'wisteria', 'sweet peas', 'mint', 'coriander',
    'rhubarb', 'raspberries', 'an apple tree', 'a bonsai', 'ferns', 'a pothos', 'a calathea', 'hostas', 'peonies', 'a camellia',
  ],
  gardenissue: ['aphids', 'slugs', 'powdery mildew', 'yellow leaves', 'root rot', 'blossom end rot', 'clay soil', 'moss in the lawn', 'leggy seedlings', 'brown leaf tips', 'fungus gnats', 'bare patches in the lawn'],
  car: [
    'a 2015 Honda Civic', 'a 2018 Toyota Corolla', 'a Ford Focus', 'a VW Golf', 'a Mazda 3', 'a Tesla Model 3', 'a Subaru Outback', 'a Kia Niro',
    'a Nissan Leaf', 'a BMW 3 Series', 'a Renault Clio', 'a Skoda Octavia', 'a Hyundai Tucson', 'a Toyota Prius', 'a Jeep Wrangler', 'a Fiat 500',
    'a Volvo XC60', 'a Ford Transit van', 'a Peugeot 208', 'a Honda CR-V',
  ],
  carissue: [
    'a squealing noise when I brake', 'the check engine light on', 'a battery that dies overnight', 'a clicking sound when I turn', 'AC that blows warm air',
    'a vibration at motorway speed', 'a slow puncture', 'a rattle from the exhaust', 'foggy headlights', 'a stiff clutch', 'a burning smell after driving',
    'worn wiper blades', 'low tyre pressure warnings', 'a car that will not start in the cold', 'an oil leak', 'a jerky gearbox',
  ],
  game: [
    'Elden Ring', 'Stardew Valley', 'Minecraft', 'The Legend of Zelda: Tears of the Kingdom', 'Baldur\'s Gate 3', 'Hades', 'Celeste', 'Hollow Knight',
    'Civilization VI', 'Factorio', 'Slay the Spire', 'Animal Crossing', 'Mario Kart 8', 'Fortnite', 'Rocket League', 'Cyberpunk 2077', 'Portal 2',
    'Disco Elysium', 'The Witcher 3', 'Red Dead Redemption 2', 'Catan', 'Ticket to Ride', 'Wingspan', 'Pandemic', 'Carcassonne', 'Dungeons & Dragons',
    'chess', 'Go', 'bridge', 'sudoku', 'Tetris', 'Pokémon Scarlet', 'FIFA', 'Among Us', 'Terraria', 'Dark Souls', 'Outer Wilds', 'Valheim',
  ],
  instrument: ['guitar', 'bass', 'piano', 'violin', 'cello', 'ukulele', 'drums', 'saxophone', 'trumpet', 'flute', 'clarinet', 'harmonica', 'mandolin', 'banjo', 'accordion', 'harp', 'synthesiser', 'oboe'],
  genre: ['jazz', 'blues', 'bossa nova', 'baroque', 'punk', 'shoegaze', 'hip-hop', 'afrobeats', 'K-pop', 'flamenco', 'bluegrass', 'techno', 'lo-fi', 'opera', 'reggae', 'metal', 'folk', 'funk', 'soul', 'city pop'],
  musicthing: ['barre chords', 'sight-reading', 'scales', 'chord progressions', 'finger-picking', 'syncopation', 'the circle of fifths', 'vibrato', 'improvisation', 'ear training', 'music theory', 'mixing vocals', 'home recording'],
  pet: ['cat', 'kitten', 'puppy', 'dog', 'rescue greyhound', 'rabbit', 'guinea pig', 'hamster', 'budgie', 'parrot', 'tortoise', 'bearded dragon', 'goldfish', 'axolotl', 'ferret', 'chickens'],
  hobby: [
    'bouldering', 'sourdough baking', 'film photography', 'birdwatching', 'bullet journaling', 'calligraphy', 'cross-stitch', 'crochet', 'knitting',
    'pottery', 'woodworking', 'beekeeping', 'kayaking', 'sailing', 'stand-up paddleboarding', 'trail running', 'open-water swimming', 'fencing',
    'archery', 'salsa dancing', 'bonsai', 'astronomy', 'geocaching', 'chess', 'urban sketching', 'watercolour painting', 'embroidery',
    'bread making', 'fermenting', 'home brewing', 'metal detecting', 'model railways', 'origami', 'skateboarding', 'surfing', 'ice skating',
  ],
  sport: ['football', 'basketball', 'tennis', 'padel', 'cricket', 'rugby', 'volleyball', 'baseball', 'badminton', 'table tennis', 'ice hockey', 'golf', 'netball', 'handball', 'cycling', 'rowing', 'triathlon', 'marathon running', 'squash', 'water polo', 'Formula 1', 'boxing', 'judo'],
};

export const EN_LIFE: SlotTable = {
  symptom: [
    'a sore throat', 'a stiff neck', 'lower back pain', 'heartburn', 'a dry cough', 'hay fever', 'tension headaches', 'insomnia', 'shin splints',
    'a sprained ankle', 'dry eyes', 'tennis elbow', 'plantar fasciitis', 'cold sores', 'a blocked nose', 'muscle cramps', 'knee pain when running',
    'restless legs', 'motion sickness', 'jet lag', 'eczema', 'dandruff', 'a mild sunburn', 'mouth ulcers', 'bloating', 'a stye',
  ],
  medicine: ['ibuprofen', 'paracetamol', 'loratadine', 'cetirizine', 'omeprazole', 'amoxicillin', 'melatonin', 'vitamin D', 'iron tablets', 'magnesium', 'antacids', 'hydrocortisone cream', 'saline nasal spray', 'oral rehydration salts'],
  exercise: [
    'squats', 'deadlifts', 'push-ups', 'pull-ups', 'planks', 'lunges', 'burpees', 'kettlebell swings', 'hip thrusts', 'bench press',
    'overhead press', 'rows', 'mountain climbers', 'Pilates', 'yoga', 'interval training', 'zone 2 cardio', 'stretching', 'foam rolling', 'swimming laps',
  ],
  fitgoal: ['run a 5k', 'run my first half marathon', 'do ten pull-ups', 'lose a bit of weight', 'build muscle', 'improve my posture', 'touch my toes', 'get stronger at 50', 'cycle 100 km', 'swim a mile'],
  lawterm: [
    'a non-compete clause', 'a notice period', 'a security deposit', 'a power of attorney', 'a prenuptial agreement', 'probate', 'small claims court',
    'a cease and desist letter', 'an NDA', 'unfair dismissal', 'a zero-hours contract', 'parental leave', 'sick pay', 'a tenancy agreement',
    'copyright for photos', 'GDPR subject access requests', 'a will', 'joint custody', 'a warranty claim', 'consumer rights for faulty goods',
    'a trademark', 'an LLC', 'a sole proprietorship', 'VAT registration', 'a personal guarantee', 'an easement', 'jury duty', 'a parking fine appeal',
  ],
  finterm: [
    'an index fund', 'a Roth IRA', 'an ISA', 'a pension top-up', 'compound interest', 'a credit score', 'an emergency fund', 'a fixed-rate mortgage',
    'a tracker mortgage', 'capital gains tax', 'dividends', 'bonds', 'an ETF', 'dollar-cost averaging', 'a balance transfer card', 'inflation',
    'a budget spreadsheet', 'the 50/30/20 rule', 'a self-assessment tax return', 'depreciation', 'cash flow', 'gross margin', 'EBITDA',
    'accounts receivable', 'a sinking fund', 'estimated quarterly taxes', 'an annuity', 'currency exchange fees',
  ],
  bizterm: [
    'a go-to-market plan', 'a pricing page', 'customer churn', 'net promoter score', 'an onboarding flow', 'a sales pipeline', 'OKRs', 'a SWOT analysis',
    'a pitch deck', 'unit economics', 'a referral programme', 'a loyalty scheme', 'a content calendar', 'cold outreach', 'a press kit',
    'a brand style guide', 'customer personas', 'a competitor analysis', 'a product roadmap', 'a quarterly business review', 'a job description',
    'an employee handbook', 'a performance review', 'a 30-60-90 day plan', 'a retrospective', 'a partnership proposal', 'a grant application',
  ],
  channel: ['Instagram', 'TikTok', 'LinkedIn', 'YouTube', 'a newsletter', 'Google Ads', 'Pinterest', 'podcast ads', 'SEO', 'Facebook groups', 'Reddit', 'local radio', 'flyers'],
  job: [
    'nurse', 'paramedic', 'pharmacist', 'physiotherapist', 'dental hygienist', 'primary school teacher', 'lecturer', 'librarian', 'software engineer',
    'data scientist', 'site reliability engineer', 'UX designer', 'product manager', 'QA tester', 'accountant', 'auditor', 'actuary', 'paralegal',
    'solicitor', 'estate agent', 'electrician', 'plumber', 'carpenter', 'chef', 'pastry chef', 'barista', 'sommelier', 'pilot', 'flight attendant',
    'civil engineer', 'architect', 'urban planner', 'social worker', 'psychologist', 'journalist', 'copywriter', 'translator', 'photographer',
    'video editor', 'graphic designer', 'marketing manager', 'recruiter', 'HR business partner', 'operations manager', 'logistics coordinator',
    'warehouse supervisor', 'store manager', 'customer support agent', 'sales representative', 'farmer', 'veterinary nurse', 'zoologist',
  ],
  careerq: [
    'ask for a raise', 'negotiate a job offer', 'change careers at 35', 'explain a gap in my CV', 'prepare for a panel interview', 'quit politely',
    'get my first job in tech', 'write a resignation letter', 'deal with a micromanaging boss', 'ask for more flexible hours', 'go freelance',
    'get promoted to senior', 'answer "what is your biggest weakness"', 'build a portfolio', 'network without feeling awkward', 'find a mentor',
  ],
  relq: [
    'my flatmate never does the dishes', 'my friend always cancels plans last minute', 'my partner and I argue about money', 'I forgot my best friend\'s birthday',
    'my sister is getting married and wants me to give a speech', 'my parents want us to visit every weekend', 'a coworker keeps taking credit for my work',
    'I want to reconnect with an old friend', 'my neighbour plays loud music late at night', 'my teenage son barely talks to me',
    'my in-laws are staying for two weeks', 'I need to end a friendship that has become one-sided', 'we can\'t agree where to go on holiday',
  ],
  kidq: [
    'my toddler refuses to eat vegetables', 'my 4-year-old has tantrums at bedtime', 'my baby wakes up every two hours', 'my 8-year-old struggles with reading',
    'my kids fight in the car', 'my daughter is nervous about starting school', 'my son wants a phone at 10', 'potty training is going badly',
    'my teenager stays up until 2am', 'my twins need separate bedtimes', 'screen time has crept up over the holidays', 'my kid is being left out at school',
  ],
  kidage: ['a toddler', 'a 3-year-old', 'a 5-year-old', 'a 7-year-old', 'a 9-year-old', 'an 11-year-old', 'a teenager', 'a newborn', 'twins aged 6'],
};

export const EN_LEARN: SlotTable = {
  subject: ['algebra', 'geometry', 'calculus', 'statistics', 'chemistry', 'physics', 'biology', 'economics', 'psychology', 'philosophy', 'sociology', 'geography', 'art history', 'music theory', 'computer science', 'linguistics', 'astronomy', 'ecology', 'political science', 'accounting'],
  histevent: [
    'the fall of the Western Roman Empire', 'the Norman Conquest', 'the Black Death', 'the Reformation', 'the voyages of Zheng He', 'the Meiji Restoration',
    'the American Revolution', 'the Haitian Revolution', 'the French Revolution', 'the Congress of Vienna', 'the unification of Italy', 'the Opium Wars',
    'the Scramble for Africa', 'the First World War', 'the Russian Revolution', 'the Great Depression', 'the Spanish Civil War', 'the Marshall Plan',
    'the partition of India', 'the Cuban Missile Crisis', 'the moon landing', 'the fall of the Berlin Wall', 'the end of apartheid', 'the Ottoman Empire',
    'the Mongol Empire', 'the Inca Empire', 'the Silk Road', 'the Hanseatic League', 'the Industrial Revolution', 'the abolition of slavery in Britain',
    'the Suffragette movement', 'the Civil Rights Movement', 'the Byzantine Empire', 'the Aztec capital Tenochtitlan', 'the Mughal Empire',
  ],
  scitopic: [
    'photosynthesis', 'cellular respiration', 'mitosis and meiosis', 'natural selection', 'plate tectonics', 'the water cycle', 'the carbon cycle',
    'black holes', 'dark matter', 'the Doppler effect', 'entropy', 'Newton\'s laws of motion', 'electromagnetic induction', 'nuclear fusion',
    'radioactive decay', 'the greenhouse effect', 'ocean currents', 'how vaccines train the immune system', 'CRISPR', 'enzymes', 'osmosis',
    'the periodic table', 'covalent bonds', 'acids and bases', 'the speed of light', 'quantum entanglement', 'the Big Bang', 'tides', 'rainbows',
    'why the sky is blue', 'how batteries work', 'semiconductors', 'antibiotic resistance', 'the gut microbiome', 'circadian rhythms', 'El Niño',
    'volcanic eruptions', 'earthquakes', 'the nitrogen cycle', 'neurons', 'hormones', 'the ozone layer', 'superconductors', 'lightning',
  ],
  mathtopic: [
    'derivatives', 'integration by parts', 'the chain rule', 'limits', 'matrices', 'eigenvalues', 'vectors', 'complex numbers', 'logarithms',
    'quadratic equations', 'simultaneous equations', 'Bayes\' theorem', 'standard deviation', 'the normal distribution', 'permutations and combinations',
    'proof by induction', 'prime factorisation', 'modular arithmetic', 'the Pythagorean theorem', 'trigonometric identities', 'Fourier series',
    'linear regression', 'confidence intervals', 'hypothesis testing', 'graph theory', 'set theory', 'fractions', 'percentages', 'long division',
  ],
  book: [
    'Pride and Prejudice', 'Jane Eyre', 'Frankenstein', 'Moby-Dick', 'Great Expectations', 'Middlemarch', 'Crime and Punishment', 'Anna Karenina',
    'Madame Bovary', 'The Great Gatsby', 'To Kill a Mockingbird', 'Of Mice and Men', 'Nineteen Eighty-Four', 'Animal Farm', 'Brave New World',
    'Things Fall Apart', 'One Hundred Years of Solitude', 'Beloved', 'The Handmaid\'s Tale', 'Never Let Me Go', 'The Remains of the Day',
    'Lord of the Flies', 'Macbeth', 'Hamlet', 'Romeo and Juliet', 'The Tempest', 'Wuthering Heights', 'Dracula', 'The Odyssey', 'Don Quixote',
    'The Little Prince', 'Invisible Cities', 'Mrs Dalloway', 'The Catcher in the Rye', 'Persepolis', 'A Christmas Carol', 'The Hobbit',
  ],
  figure: [
    'Ada Lovelace', 'Marie Curie', 'Alan Turing', 'Isaac Newton', 'Charles Darwin', 'Rosalind Franklin', 'Nikola Tesla', 'Galileo', 'Hypatia',
    'Ibn Sina', 'Leonardo da Vinci', 'Frida Kahlo', 'Nelson Mandela', 'Mahatma Gandhi', 'Cleopatra', 'Genghis Khan', 'Queen Victoria',
    'Catherine the Great', 'Napoleon', 'Simón Bolívar', 'Harriet Tubman', 'Rachel Carson', 'Katherine Johnson', 'Srinivasa Ramanujan',
    'Confucius', 'Murasaki Shikibu', 'Mansa Musa', 'Emmy Noether', 'Florence Nightingale', 'Wangari Maathai', 'Johann Sebastian Bach',
  ],
  hlang: ['French', 'German', 'Spanish', 'Italian', 'Portuguese', 'Dutch', 'Japanese', 'Mandarin', 'Korean', 'Arabic', 'Russian', 'Polish', 'Turkish', 'Hindi', 'Vietnamese', 'Indonesian', 'Swedish', 'Greek', 'Swahili', 'Welsh', 'Irish', 'Hebrew', 'Thai', 'Czech', 'Norwegian', 'Tagalog', 'Ukrainian', 'Finnish', 'Catalan'],
  langtopic: ['the subjunctive', 'gendered nouns', 'the past tense', 'phrasal verbs', 'the conditional', 'reflexive verbs', 'counting words', 'honorifics', 'the dative case', 'verb aspect', 'tones', 'pronunciation of r', 'irregular verbs', 'articles', 'word order in questions', 'polite forms'],
  level: ['a complete beginner', 'an A2 learner', 'an intermediate learner', 'a B2 student', 'someone preparing for an exam', 'a heritage speaker', 'a busy parent with 15 minutes a day'],
  grade: ['Year 6', 'Year 9', 'GCSE', 'A-level', 'IB', 'AP', '8th grade', '10th grade', 'first-year university', 'high school', 'middle school'],
};

export const EN_MISC: SlotTable = {
  street: ['{4|12|27|48|7|221|15|93|140|8} {High|Main|Oak|Elm|Station|Church|Park|Mill|Queen|King|Harbour|Chapel|Bridge|Market|Victoria} {Street|Road|Avenue|Lane|Way|Square}'],
  team: ['marketing', 'engineering', 'finance', 'sales', 'support', 'design', 'legal', 'operations', 'people', 'data', 'security', 'product', 'facilities', 'customer success', 'research'],
  weekday: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  month: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  season: ['spring', 'summer', 'autumn', 'winter', 'the rainy season', 'the school holidays', 'Easter', 'Christmas', 'Ramadan', 'Golden Week', 'Lunar New Year'],
  when: ['next week', 'this weekend', 'in ⟨month⟩', 'tomorrow', 'on ⟨weekday⟩', 'in two weeks', 'over ⟨season⟩', 'next month', 'before ⟨month⟩ ⟨day⟩'],
  tone: ['friendly', 'formal', 'warm', 'concise', 'professional', 'playful', 'persuasive', 'neutral', 'upbeat', 'empathetic', 'confident', 'diplomatic', 'casual', 'academic', 'encouraging', 'apologetic', 'firm but polite'],
  audience: [
    'new customers', 'my team', 'senior management', 'first-year students', 'parents at our school', 'investors', 'non-technical stakeholders',
    'volunteers', 'hiring managers', 'our newsletter subscribers', 'a ten-year-old', 'patients', 'residents of our building', 'new hires', 'club members',
  ],
  writing: [
    'a cover letter', 'a wedding toast', 'a eulogy', 'a product description', 'a LinkedIn post', 'a haiku', 'a limerick', 'a short story',
    'a press release', 'an apology email', 'a thank-you card', 'a complaint letter', 'a speech for my dad\'s 60th', 'a dating profile',
    'a blog post intro', 'a grant summary', 'a job ad', 'meeting minutes', 'a book review', 'a personal statement', 'an abstract',
    'a newsletter', 'a tweet thread', 'a sonnet', 'a bedtime story', 'a recommendation letter', 'an out-of-office message', 'a toast for a retirement party',
    'a scene for my novel', 'song lyrics', 'an elevator pitch', 'a welcome message for new members', 'a FAQ section', 'an executive summary',
  ],
  topic: ['⟨scitopic⟩', '⟨histevent⟩', '⟨mathtopic⟩', '⟨finterm⟩', '⟨bizterm⟩', 'urban gardening', 'remote work', 'sleep', 'minimalism', 'coffee', 'public transport', 'climate adaptation', 'the four-day week', 'composting', 'rewilding'],
  relative: ['my sister', 'my brother', 'my mum', 'my dad', 'my partner', 'my wife', 'my husband', 'my best friend', 'my grandma', 'my grandad', 'my son', 'my daughter', 'my boss', 'a coworker', 'my neighbour', 'my aunt', 'my nephew', 'my teacher', 'my godson', 'my mentor'],
  budget: ['£50', '$100', '€200', 'under $30', 'around £500', 'about €1,000', 'a tight budget', '$2,000', '€15'],
  amount: ['two', 'three', 'four', 'five', 'six', 'eight', 'ten', 'a dozen'],
  please: ['', '', '', 'please ', 'Please ', 'can you ', 'could you ', 'would you ', 'hey, can you ', 'I\'d like you to ', 'I need you to ', 'would you mind helping me '],
  thanks: ['', '', 'Thanks!', 'Thanks in advance.', 'Cheers.', 'Thank you!', 'Appreciate it.', 'Any help is welcome.', 'TIA'],
  context: [
    'I\'m a beginner.', 'I\'m on a Mac.', 'I\'m on Windows 11.', 'This is for work.', 'This is for a school project.', 'I only have an hour.', 'My boss asked for this.',
    'We\'re a small team of ⟨few⟩.', 'I have ⟨num⟩ minutes before a meeting.', 'I\'ve tried googling it.', 'Keep it simple.', 'English is my second language.',
    'I\'m a ⟨job⟩.', 'I live in ⟨city⟩.', 'We have ⟨kidage⟩.', 'Budget is ⟨budget⟩.',
  ],
};
