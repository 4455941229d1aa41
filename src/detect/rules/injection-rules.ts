import type { ContentSource } from '../types.js';

/**
 * Phrase rules for prompt injection, matched on the normalised text (lower case, homoglyphs,
 * leetspeak, spacing and diacritics folded; see text/normalize.ts), so they are written in
 * plain lower-case ASCII where the language allows.
 *
 * Every pattern is linear: literal alternations, and gaps bounded with `{0,N}` over a class
 * that excludes sentence ends, so no pattern can backtrack more than N characters per start.
 *
 * `weight` is how strongly one match alone says "injection" (0..1). `indirect` weights apply
 * when the text is data (tool results, documents, tool descriptions): there, text speaking to
 * the AI is itself the attack, while a user addressing the assistant is normal.
 */
export type InjectionKind =
  | 'instruction_override'
  | 'new_instructions'
  | 'role_marker'
  | 'authority_claim'
  | 'ai_addressed'
  | 'prompt_extraction'
  | 'tool_instruction'
  | 'hidden_markup';

export interface InjectionRule {
  id: string;
  kind: InjectionKind;
  pattern: RegExp;
  weight: number;
  /** Weight when the text is data rather than a user's own message; defaults to `weight`. */
  indirect?: number;
  /**
   * Words every match contains, found the way the phrase engine finds anchors (`AnchorScanner`:
   * ASCII words and words of spaced scripts only where a word starts); a rule is only run on
   * text holding one of them, a cheap prefilter.
   */
  triggers: readonly string[];
}

/** Sources whose text is data, not a message from the person the agent serves. */
export const DATA_SOURCES: ReadonlySet<ContentSource> = new Set(['tool_result', 'document', 'tool_description', 'tool_args']);

// A gap of a few words inside one sentence.
const GAP = "[^.!?\\n]{0,40}?";
const SHORT = "[^.!?\\n]{0,20}?";

const rx = (source: string): RegExp => new RegExp(source, 'gu');

const EN_OVERRIDE_VERB = '(?:ignore|ignoring|disregard|forget|neglect|skip|bypass|override|overwrite|discard|abandon|drop|set aside|pay no attention to|do not follow|don\'t follow|dont follow|stop following|no longer follow|cancel|erase|delete|clear|wipe|reset)';
const EN_PRIOR = '(?:previous|prior|above|earlier|preceding|former|foregoing|initial|original|old|existing|system|all|any|every|your|developer|hidden|default|these|those)';
const EN_RULES = '(?:instructions?|directions?|directives?|rules|guidelines|guidance|prompts?|commands?|context|constraints|orders|policies|restrictions|programming|training|safeguards|guardrails|filters)';

const RULES: ReadonlyArray<Omit<InjectionRule, 'triggers'>> = [
  // ---- overriding what the model was told -------------------------------------------------
  { id: 'en.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`\\b${EN_OVERRIDE_VERB}\\b(?: [a-z'-]{1,20}){0,2}? ${EN_PRIOR}\\b(?: [a-z'-]{1,20}){0,2}? ${EN_RULES}\\b`) },
  { id: 'en.forget_everything', kind: 'instruction_override', weight: 0.8, pattern: rx(`\\b(?:forget|ignore|disregard|erase)\\s(?:about\\s)?(?:everything|all(?: of)? (?:that|this|the above)|what (?:you were|you've been|you have been) (?:told|instructed)|anything (?:above|before))\\b`) },
  // The bare form ("ignore the above.", "disregard previous and …"): what follows must end the
  // phrase or name text in general; "forget the previous deadline" names something else.
  { id: 'en.disregard_above', kind: 'instruction_override', weight: 0.75, pattern: rx(`\\b(?:ignore|disregard|forget)\\s(?:the\\s|all\\s)?(?:above|previous|prior|preceding)\\b(?=\\s*(?:$|[.,;:!?)"'\u2019\u201d\\n\u2014\u2013-]|(?:and|then|now|so|instead)\\b|(?:text|content|context|conversation|input|lines?|paragraphs?|parts?|sections?|stuff|ones?|prompts?|directions?|orders?|commands?|directives?)\\b))`) },
  { id: 'en.instead', kind: 'instruction_override', weight: 0.55, indirect: 0.7, pattern: rx(`\\b(?:instead of (?:doing )?(?:that|this|what|summari[sz]ing|translating|answering)|rather than (?:summari[sz]ing|translating|answering))${GAP}\\b(?:you (?:must|should|will)|say|print|write|output|respond|reply)\\b`) },
  { id: 'en.do_not_follow', kind: 'instruction_override', weight: 0.85, pattern: rx(`\\b(?:your|the) (?:previous|original|initial|system|real) (?:instructions|rules|prompt|guidelines) (?:are|were|is|have been) (?:cancel(?:l)?ed|revoked|void|obsolete|outdated|overridden|replaced|no longer valid|wrong|fake)\\b`) },
  // German
  { id: 'de.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`\\b(?:ignorier(?:e|en sie)?|vergiss|vergessen sie|missachte|missachten sie|uberspring(?:e)?|verwirf|verwerfen sie)\\b${GAP}\\b(?:anweisungen|instruktionen|befehle|regeln|vorgaben|anordnungen|richtlinien|alles|eingaben)\\b`) },
  // French
  { id: 'fr.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`\\b(?:ignore[rsz]?|oublie[rsz]?|ne (?:tiens|tenez) (?:pas|plus) compte|fais abstraction|faites abstraction|passe outre|passez outre)\\b${GAP}\\b(?:instructions?|consignes?|regles|directives|indications|ordres|tout ce qui precede|ce qui precede)\\b`) },
  // Spanish / Portuguese / Italian (shared stems after accents are folded)
  { id: 'es.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`\\b(?:ignora|ignore|ignoren|olvida|olvide|olviden|omite|omita|descarta|descarte|haz caso omiso)\\b${GAP}\\b(?:instrucciones|reglas|indicaciones|ordenes|directrices|todo lo anterior|lo anterior)\\b`) },
  { id: 'pt.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`\\b(?:ignore|ignora|ignorem|esqueca|esquecam|desconsidere|desconsidera|descarte)\\b${GAP}\\b(?:instrucoes|regras|orientacoes|ordens|diretrizes|tudo o que foi dito|tudo acima)\\b`) },
  { id: 'it.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`\\b(?:ignora|ignorate|ignori|dimentica|dimenticate|dimentichi|trascura|non considerare)\\b${GAP}\\b(?:istruzioni|regole|indicazioni|direttive|ordini|tutto quello che|tutto cio)\\b`) },
  // Dutch, Polish, Turkish, Indonesian, Vietnamese
  { id: 'nl.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`\\b(?:negeer|vergeet|negeren)\\b${GAP}\\b(?:instructies|regels|aanwijzingen|opdrachten|alles)\\b`) },
  { id: 'pl.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`\\b(?:zignoruj|ignoruj|zapomnij|pomin)\\b${GAP}\\b(?:instrukcje|instrukcji|polecenia|polecen|zasady|regul|wszystko)\\b`) },
  { id: 'tr.override', kind: 'instruction_override', weight: 0.85, pattern: rx(`\\b(?:onceki|yukaridaki|tum)\\b${GAP}\\b(?:talimatlari|talimatlar|kurallari|komutlari)\\b${SHORT}\\b(?:yok say|gormezden gel|unut|dikkate alma)`) },
  { id: 'id.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`\\b(?:abaikan|lupakan|acuhkan)\\b${GAP}\\b(?:instruksi|perintah|aturan|petunjuk|semua)\\b`) },
  { id: 'vi.override', kind: 'instruction_override', weight: 0.85, pattern: rx(`\\b(?:bo qua|quen di|phot lo)\\b${GAP}\\b(?:huong dan|chi thi|lenh|quy tac|moi thu)\\b`) },
  // Russian, Ukrainian (Cyrillic stays Cyrillic)
  { id: 'ru.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`(?:игнорируй|игнорируйте|проигнорируй|забудь|забудьте|не обращай внимания на|не слушай|отбрось)[^.!?\\n]{0,40}?(?:инструкци|указани|правил|команд|всё|все что|всe)`) },
  { id: 'uk.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`(?:ігноруй|ігноруйте|проігноруй|забудь|забудьте|не зважай на)[^.!?\\n]{0,40}?(?:інструкці|вказівк|правил|команд|все що)`) },
  // Chinese, Japanese, Korean: no word boundaries; verbs and nouns in either order
  { id: 'zh.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`(?:忽略|无视|無視|忘记|忘記|忘掉|不要理会|不要理會|跳过|跳過|抛开|拋開)[^。！？\\n]{0,15}?(?:指令|指示|说明|說明|规则|規則|提示|要求|命令|设定|設定|内容|內容)`) },
  { id: 'ja.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`(?:指示|命令|ルール|プロンプト|設定|制約|ガイドライン)[^。！？\\n]{0,12}?(?:無視|忘れ|従わ(?:ない|ず))`) },
  { id: 'ko.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`(?:지시|명령|지침|규칙|프롬프트|설정|안내)[^.!?\\n]{0,12}?(?:무시|잊어|잊으|따르지 ?마)`) },
  { id: 'ar.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`(?:تجاهل|انس|اهمل|لا تتبع)[^.!?\\n]{0,40}?(?:التعليمات|الأوامر|الاوامر|القواعد|الإرشادات|التوجيهات)`) },
  { id: 'hi.override', kind: 'instruction_override', weight: 0.9, pattern: rx(`(?:निर्देशों|निर्देश|नियमों|आदेशों)[^।!?\\n]{0,40}?(?:अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल जाओ|भूल जाइए)`) },

  // ---- new instructions and goal hijacking ---------------------------------------------------
  { id: 'en.new_instructions', kind: 'new_instructions', weight: 0.7, pattern: rx(`\\b(?:new|updated|real|actual|revised|following are your|here are your new) (?:instructions|rules|directives|system prompt|orders)\\b\\s?(?::|are|follow|is)`) },
  // "New task: …" is how people move on in their own chat; in data it is a hijack. From a user the model decides.
  { id: 'en.new_task', kind: 'new_instructions', weight: 0.45, indirect: 0.75, pattern: rx(`\\b(?:new|updated|real|actual|revised) task\\b\\s?(?::|is)`) },
  { id: 'en.from_now_on', kind: 'new_instructions', weight: 0.55, indirect: 0.7, pattern: rx(`\\b(?:from now on|henceforth|starting now|for the rest of (?:this|the) conversation),? (?:you (?:are|will|must|shall|should)|your (?:new )?(?:name|role|task|goal|job|purpose) is|only (?:respond|answer|reply))\\b`) },
  { id: 'en.your_new_task', kind: 'new_instructions', weight: 0.65, indirect: 0.8, pattern: rx(`\\byour (?:new|real|true|actual|only|next) (?:task|goal|objective|mission|job|purpose|instructions?) (?:is|are|now)\\b`) },
  { id: 'en.stop_now', kind: 'new_instructions', weight: 0.45, indirect: 0.7, pattern: rx(`(?:^|\\n|[.!] )(?:stop|wait|actually|never mind|nevermind)[.!,:]? (?:now |instead |and )?(?:say|print|write|output|respond with|reply with|just say|answer with)\\b`) },
  { id: 'de.new_instructions', kind: 'new_instructions', weight: 0.65, pattern: rx(`\\b(?:neue|deine neuen?|ab (?:jetzt|sofort)) (?:anweisungen|aufgabe|regeln|befehle)\\b|\\bab (?:jetzt|sofort|nun) gelten (?:nur noch )?(?:meine|diese|folgende|neue) (?:regeln|anweisungen)\\b`) },
  { id: 'de.forget_said', kind: 'instruction_override', weight: 0.8, pattern: rx(`\\b(?:vergiss|vergessen sie|ignoriere|ignorieren sie),? (?:alles,? )?was (?:dir|ihnen|man dir|man ihnen) (?:vorher|zuvor|bisher|davor|anfangs)? ?(?:gesagt|aufgetragen|befohlen|vorgegeben) (?:wurde|hat)\\b`) },
  { id: 'de.ab_jetzt', kind: 'new_instructions', weight: 0.5, indirect: 0.65, pattern: rx(`\\bab (?:jetzt|sofort|nun) (?:bist du|wirst du|antwortest du|sollst du)\\b`) },
  { id: 'fr.new_instructions', kind: 'new_instructions', weight: 0.6, pattern: rx(`\\b(?:nouvelles? (?:instructions|consignes|regles|tache)|a partir de maintenant,? (?:tu|vous) (?:es|etes|dois|devez|vas|allez|reponds|repondez))\\b`) },
  { id: 'es.new_instructions', kind: 'new_instructions', weight: 0.6, pattern: rx(`\\b(?:nuevas (?:instrucciones|reglas|ordenes)|tu nueva tarea|a partir de ahora,? (?:eres|seras|debes|responderas|vas a))\\b`) },

  // ---- fake role and system markers ----------------------------------------------------------
  { id: 'marker.chatml', kind: 'role_marker', weight: 0.85, pattern: rx(`<\\|(?:im_start|im_end|system|endoftext|start_header_id|end_header_id|eot_id)\\|>`) },
  { id: 'marker.inst', kind: 'role_marker', weight: 0.8, pattern: rx(`\\[/?inst\\]|<<\\/?sys>>|\\[/?system(?: ?(?:message|prompt|note|override))?\\]|<\\/?system(?:[ _-]?(?:prompt|message|instructions?))?>`) },
  { id: 'marker.heading', kind: 'role_marker', weight: 0.6, indirect: 0.75, pattern: rx(`(?:^|\\n)\\s?(?:#{1,4} ?|\\*\\*)?(?:system|system prompt|system message|developer|admin(?:istrator)?|assistant) ?(?:\\*\\*)?:(?= ?[^\\s])`) },
  { id: 'marker.end_of', kind: 'role_marker', weight: 0.7, pattern: rx(`\\b(?:end of|<\\/?)(?:user (?:input|message|data|prompt)|document|context|untrusted (?:content|data))\\b(?:>|\\]| ?-{2,}| ?={2,})?[^\\n]{0,40}?\\b(?:new |following )?(?:instructions?|system|assistant)\\b`) },
  { id: 'marker.json_role', kind: 'role_marker', weight: 0.3, indirect: 0.45, pattern: rx(`["']role["']\\s?:\\s?["'](?:system|developer)["']`) },

  // ---- authority claims ------------------------------------------------------------------
  { id: 'en.authority', kind: 'authority_claim', weight: 0.55, indirect: 0.75, pattern: rx(`\\b(?:this is|message from|note from|instructions? from|update from|i am|we are|sent by) (?:the |your |an |a )?(?:developers?|creators?|administrators?|admins?|system administrator|openai|anthropic|google deepmind|security team|trust and safety team|model provider|operator|owner of this (?:ai|assistant|model))\\b`) },
  { id: 'en.admin_override', kind: 'authority_claim', weight: 0.75, pattern: rx(`\\b(?:admin(?:istrator)?|developer|root|sudo|maintenance|debug|security|emergency) (?:override|access|command|authori[sz]ation)\\b${SHORT}\\b(?:enabled|activated|granted|accepted|confirmed|engaged|verified)\\b`) },
  { id: 'en.highest_priority', kind: 'authority_claim', weight: 0.55, indirect: 0.75, pattern: rx(`\\b(?:highest|top|absolute|maximum|critical) priority (?:instruction|override|directive|message|task)\\b|\\bthis (?:instruction|message|directive) (?:takes precedence|overrides|supersedes)\\b`) },

  // ---- text speaking to the AI from inside data ---------------------------------------------
  { id: 'en.if_you_are_ai', kind: 'ai_addressed', weight: 0.3, indirect: 0.75, pattern: rx(`\\bif you(?:'re| are) (?:an?|the) (?:ai|a\\.i\\.|llm|large language model|language model|chatbot|assistant|ai assistant|ai agent|agent|bot|model|gpt|claude)\\b`) },
  { id: 'en.note_to_ai', kind: 'ai_addressed', weight: 0.35, indirect: 0.8, pattern: rx(`\\b(?:note|message|instructions?|attention|important|notice|reminder) (?:to|for) (?:the |any |all |every )?(?:[a-z]{2,15}(?:ing|er|al|ed) )?(?:ai|a\\.i\\.|llm|llms|language models?|chatbots?|assistants?|ai assistants?|ai agents?|agents?|bots?|models?|gpt|claude)(?= ?[:,;.)\\]\u2014-]| ?$| (?:reading|processing|summari[sz]ing|that|who|here|only|model))`) },
  { id: 'en.ai_reading', kind: 'ai_addressed', weight: 0.35, indirect: 0.8, pattern: rx(`\\b(?:ai|llm|assistant|agent|model|bot|chatbot)s? (?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|seeing|viewing|browsing) (?:this|these|the)\\b`) },
  { id: 'en.vocative', kind: 'ai_addressed', weight: 0.25, indirect: 0.7, pattern: rx(`\\b(?:ai|a\\.i\\.|assistant|agent|llm|chatbot|bot|model|gpt|claude|copilot|gemini)s?(?:[ -](?:[a-z]{2,20}(?:er|or|ist|ant|ent|bot|agent)s?|assistant|model|reader|agent))?(?: (?:reading|processing|reviewing|summari[sz]ing|analy[sz]ing|handling|managing)\\b[^:,\\n]{0,40})? ?[:,\u2014-] ?(?:you (?:must|should|will|are|have)|please|ignor[a-z]*|disregard|forget|tell|say|state|do not|don't|dont|never|always|when|whenever|after|before|also|remember|send|forward|email|open|delete|remove|call|use|run|execute|include|add|override|subscribe|cancel|approve|write|reply|respond|mark|recommend|rate|skip|treat|insert|replace|change|transfer|pay|book|grant|report|output|print|reveal|list)\\b`) },
  { id: 'en.ai_reads_this', kind: 'ai_addressed', weight: 0.3, indirect: 0.7, pattern: rx(`\\b(?:ai|llm|assistant|agent|model|bot|chatbot|crawler|scraper)s? (?:that |who |which )?(?:reads?|process(?:es)?|summari[sz]es|parses|analy[sz]es|sees|views|visits|crawls|indexes|ingests) (?:this|these|the following)\\b`) },
  { id: 'xx.vocative', kind: 'ai_addressed', weight: 0.25, indirect: 0.7, pattern: rx(`\\b(?:ki|ia|i\\.a\\.|kunstliche intelligenz|intelligence artificielle|inteligencia artificial|intelligenza artificiale|yapay zeka|sztuczna inteligencja|kunstmatige intelligentie) ?[:,] ?\\S|(?:ии|нейросеть|языковая модель|ии-ассистент)(?: [а-я]{2,15}){0,3} ?[:,] ?[а-я]|(?:ai|人工智能|助手|模型|アシスタント|エージェント|에이전트|어시스턴트)[^\\n]{0,6}?[：:][^\\n]{0,4}?(?:请|忽略|无视|告诉|不要|必须|無視|伝え|しないで|무시|알려|하지 ?마)`) },
  { id: 'xx.note_to_ia', kind: 'ai_addressed', weight: 0.35, indirect: 0.8, pattern: rx(`\\b(?:nota|messaggio|avviso|mensaje|mensagem|aviso|hinweis|notiz|nachricht|note|notitie|uwaga) (?:per|para|fur|an|pour|voor|dla) (?:l'|la |a |o |die |de |het )?(?:ia|ki|ai|intelligenza artificiale|inteligencia artificial|inteligencia artificial|kunstliche intelligenz|sztucznej inteligencji)\\b`) },
  { id: 'en.when_you_read', kind: 'ai_addressed', weight: 0.25, indirect: 0.7, pattern: rx(`\\b(?:when|once|after|as soon as|while) you (?:read|see|process|summari[sz]e|parse|analy[sz]e|encounter|retrieve|load) (?:this|these|the following|the above)\\b`) },
  { id: 'de.an_ki', kind: 'ai_addressed', weight: 0.3, indirect: 0.75, pattern: rx(`\\b(?:hinweis|nachricht|anweisung) (?:an|fur) (?:die |alle )?(?:ki|ki-assistenten|sprachmodelle?|assistenten)\\b|\\bwenn du (?:eine ki|ein sprachmodell|ein ki-assistent) bist\\b`) },
  { id: 'fr.aux_ia', kind: 'ai_addressed', weight: 0.3, indirect: 0.75, pattern: rx(`\\b(?:note|message|instruction) (?:a|aux|pour) (?:l'|les )?(?:ia|assistants?|modeles? de langage)\\b|\\bsi tu es une ia\\b`) },

  // ---- extracting the system prompt ---------------------------------------------------------
  { id: 'en.reveal_prompt', kind: 'prompt_extraction', weight: 0.75, pattern: rx(`\\b(?:reveal|print|show|output|display|repeat|recite|dump|leak|give me|tell me|write out|spell out|share|list|copy|paste|return|translate)\\b${SHORT}\\b(?:your|the) (?:full |entire |complete |exact |original |initial |hidden |secret |internal |real )*(?:system prompt|system message|initial (?:prompt|instructions)|hidden (?:prompt|instructions)|(?:developer|system) instructions|instructions you were given|prompt you were given|pre-?prompt|meta-?prompt|configuration prompt)\\b`) },
  { id: 'en.words_above', kind: 'prompt_extraction', weight: 0.75, pattern: rx(`\\b(?:repeat|print|output|copy|write|show|return)\\b${SHORT}\\b(?:the )?(?:words|text|everything|all|lines|sentences|content|instructions|prompt) (?:above|before this|written (?:above|before)|preceding|prior to this|that came before)\\b`) },
  { id: 'en.starting_with_you_are', kind: 'prompt_extraction', weight: 0.7, pattern: rx(`\\b(?:starting|beginning) (?:with|from) ["'\u201c]?you are\\b`) },
  { id: 'en.what_is_prompt', kind: 'prompt_extraction', weight: 0.55, pattern: rx(`\\bwhat (?:is|was|are|were) (?:your|the) (?:system prompt|system message|initial instructions|original instructions|hidden instructions|instructions you were given)\\b`) },
  { id: 'xx.reveal_prompt', kind: 'prompt_extraction', weight: 0.7, pattern: rx(`(?:(?:zeige?|gib|verrate|wiederhole)\\b${SHORT}\\b(?:deinen? )?(?:system-?prompt|systemanweisungen|anfangsanweisungen)|(?:montre|affiche|revele|repete)\\b${SHORT}\\b(?:ton|votre) (?:prompt systeme|invite systeme|prompt initial)|(?:muestra|revela|repite)\\b${SHORT}\\b(?:tu|su) (?:prompt del sistema|mensaje del sistema|prompt inicial)|系统提示|系統提示|システムプロンプト|시스템 프롬프트|системный промпт|системные инструкции)`) },

  // ---- instructions aimed at tools and actions, inside data -----------------------------------
  { id: 'en.call_tool', kind: 'tool_instruction', weight: 0.2, indirect: 0.6, pattern: rx(`\\b(?:call|use|invoke|run|execute|trigger) (?:the |your )?[a-z0-9_.-]{2,40} (?:tool|function|plugin|action)\\b${GAP}\\b(?:with|to|and)\\b`) },
  { id: 'en.exfil_action', kind: 'tool_instruction', weight: 0.35, indirect: 0.75, pattern: rx(`\\b(?:send|forward|email|post|upload|leak|exfiltrate|transmit|copy)\\b${SHORT}\\b(?:the |this |all |your |their )?(?:entire |full |whole )?(?:conversation|chat history|chat log|user'?s? (?:data|emails?|files?|contacts|password|credentials|api keys?|messages)|api keys?|credentials|passwords?|secrets?|tokens?|private keys?|system prompt|session)\\b${GAP}\\b(?:to|at|via)\\b`) },
  { id: 'en.run_command', kind: 'tool_instruction', weight: 0.2, indirect: 0.55, pattern: rx(`\\b(?:curl|wget|invoke-webrequest|iwr)\\b[^\\n]{0,200}?\\|\\s?(?:ba|z)?sh\\b|\\brm -rf /(?:\\s|$)`) },
  { id: 'en.do_not_tell', kind: 'tool_instruction', weight: 0.3, indirect: 0.65, pattern: rx(`\\b(?:do not|don't|dont|never|without) (?:tell(?:ing)?|inform(?:ing)?|mention(?:ing)?|alert(?:ing)?|notify(?:ing)?|reveal(?:ing)? (?:this|it) to) (?:the )?(?:user|human|operator|anyone)\\b`) },

  // ---- payloads hidden in markup -------------------------------------------------------------
  { id: 'markup.comment', kind: 'hidden_markup', weight: 0.5, indirect: 0.7, pattern: rx(`<!--[^>]{0,400}?\\b(?:ignore|disregard|instructions?|you (?:must|should|will)|assistant|ai|llm|system prompt|do not tell)\\b`) },
  { id: 'markup.hidden', kind: 'hidden_markup', weight: 0.45, indirect: 0.6, pattern: rx(`(?:display\\s?:\\s?none|visibility\\s?:\\s?hidden|font-size\\s?:\\s?0|opacity\\s?:\\s?0(?:[;"' ]|\\.0)|color\\s?:\\s?(?:white|#fff(?:fff)?)\\b)[^<]{0,200}?(?:>[^<]{0,300}?)?\\b(?:ignore|instructions?|assistant|you (?:must|should|will)|ai|llm)\\b`) },
];

// Nouns for an AI that the rules about text addressed to it contain.
const AI_NOUNS_OR_MODEL = ['ai', 'a.i.', 'assistant', 'agent', 'llm', 'chatbot', 'bot', 'model', 'gpt', 'claude', 'language model', 'large language model'];
const AI_NOUNS = ['ai', 'a.i.', 'assistant', 'agent', 'llm', 'chatbot', 'bot', 'model', 'gpt', 'claude', 'copilot', 'gemini', 'crawler', 'scraper'];

const TRIGGERS: Readonly<Record<string, readonly string[]>> = {
  'en.override': ['ignor', 'disregard', 'forget', 'neglect', 'skip', 'bypass', 'overrid', 'overwrit', 'discard', 'abandon', 'drop', 'set aside', 'pay no attention', 'follow', 'cancel', 'erase', 'delete', 'clear', 'wipe', 'reset'],
  'en.forget_everything': ['forget', 'ignore', 'disregard', 'erase'],
  'en.disregard_above': ['ignore', 'disregard', 'forget'],
  'en.instead': ['instead', 'rather than'],
  'en.do_not_follow': ['instructions', 'rules', 'prompt', 'guidelines'],
  'de.override': ['ignorier', 'vergiss', 'vergessen', 'missacht', 'uberspring', 'verwirf', 'verwerfen'],
  'fr.override': ['ignore', 'oublie', 'compte', 'abstraction', 'outre'],
  'es.override': ['ignor', 'olvid', 'omit', 'descart', 'caso omiso'],
  'pt.override': ['ignor', 'esquec', 'desconsider', 'descart'],
  'it.override': ['ignor', 'dimentic', 'trascura', 'non considerare'],
  'nl.override': ['negeer', 'vergeet', 'negeren'],
  'pl.override': ['ignoruj', 'zignoruj', 'zapomnij', 'pomin'],
  'tr.override': ['talimat', 'kural', 'komut'],
  'id.override': ['abaikan', 'lupakan', 'acuhkan'],
  'vi.override': ['bo qua', 'quen di', 'phot lo'],
  'ru.override': ['игнорир', 'проигнорир', 'забуд', 'не обращай', 'не слушай', 'отбрось'],
  'uk.override': ['ігнор', 'проігнор', 'забуд', 'не зважай'],
  'zh.override': ['忽略', '无视', '無視', '忘记', '忘記', '忘掉', '不要理', '跳过', '跳過', '抛开', '拋開'],
  'ja.override': ['無視', '忘れ', '従わ'],
  'ko.override': ['무시', '잊어', '잊으', '따르지'],
  'ar.override': ['تجاهل', 'انس', 'اهمل', 'لا تتبع'],
  'hi.override': ['अनदेखा', 'नज़रअंदाज़', 'नजरअंदाज', 'भूल'],
  'en.new_instructions': ['instructions', 'rules', 'directives', 'system prompt', 'orders'],
  'en.new_task': ['task'],
  'en.from_now_on': ['from now on', 'henceforth', 'starting now', 'for the rest of'],
  'en.your_new_task': ['your new', 'your real', 'your true', 'your actual', 'your only', 'your next'],
  'en.stop_now': ['stop', 'wait', 'actually', 'never mind', 'nevermind'],
  'de.new_instructions': ['neue', 'ab jetzt', 'ab sofort', 'ab nun'],
  'de.forget_said': ['vergiss', 'vergessen', 'ignorier'],
  'de.ab_jetzt': ['ab jetzt', 'ab sofort', 'ab nun'],
  'fr.new_instructions': ['nouvel', 'a partir de maintenant'],
  'es.new_instructions': ['nuevas', 'nueva tarea', 'a partir de ahora'],
  'marker.chatml': ['<|'],
  'marker.inst': ['inst]', 'sys>>', 'system'],
  'marker.heading': ['system', 'developer', 'admin', 'assistant'],
  'marker.end_of': ['end of', '<user', '</user', '<doc', '</doc', '<context', '</context', '<untrusted', '</untrusted'],
  'marker.json_role': ['role'],
  'en.authority': ['developer', 'creator', 'administrator', 'admin', 'openai', 'anthropic', 'deepmind', 'security team', 'trust and safety', 'model provider', 'operator', 'owner of this'],
  'en.admin_override': ['override', 'access', 'command', 'authori'],
  'en.highest_priority': ['priority', 'takes precedence', 'overrides', 'supersedes'],
  'en.if_you_are_ai': AI_NOUNS_OR_MODEL,
  'en.note_to_ai': AI_NOUNS_OR_MODEL,
  'en.ai_reading': AI_NOUNS,
  'en.vocative': AI_NOUNS,
  'en.ai_reads_this': AI_NOUNS,
  'xx.vocative': ['ki', 'ia', 'i.a.', 'kunstliche', 'intelligence', 'inteligencia', 'intelligenza', 'yapay', 'sztuczna', 'kunstmatige', 'ии', 'нейросеть', 'языковая', 'ai', '人工智能', '助手', '模型', 'アシスタント', 'エージェント', '에이전트', '어시스턴트'],
  'xx.note_to_ia': ['nota', 'messaggio', 'avviso', 'mensaje', 'mensagem', 'aviso', 'hinweis', 'notiz', 'nachricht', 'note', 'notitie', 'uwaga'],
  'en.when_you_read': ['you read', 'you see', 'you process', 'you summari', 'you parse', 'you analy', 'you encounter', 'you retrieve', 'you load'],
  'de.an_ki': ['ki', 'sprachmodell', 'assistent'],
  'fr.aux_ia': ['ia', 'assistant', 'modele'],
  'en.reveal_prompt': ['prompt', 'instructions', 'system message'],
  'en.words_above': ['above', 'before this', 'preceding', 'prior to this', 'came before'],
  'en.starting_with_you_are': ['you are'],
  'en.what_is_prompt': ['system prompt', 'system message', 'initial instructions', 'original instructions', 'hidden instructions', 'instructions you were given'],
  'xx.reveal_prompt': ['prompt', 'systemanweisung', 'anfangsanweisung', 'invite systeme', 'mensaje del sistema', '系统提示', '系統提示', 'システムプロンプト', '시스템 프롬프트', 'системный промпт', 'системные инструкции'],
  'en.call_tool': ['tool', 'function', 'plugin', 'action'],
  'en.exfil_action': ['conversation', 'chat', 'user', 'api key', 'credential', 'password', 'secret', 'token', 'private key', 'system prompt', 'session'],
  'en.run_command': ['curl', 'wget', 'invoke-webrequest', 'iwr', 'rm -rf'],
  'en.do_not_tell': ['tell', 'inform', 'mention', 'alert', 'notify', 'reveal'],
  'markup.comment': ['<!--'],
  'markup.hidden': ['display', 'visibility', 'font-size', 'opacity', 'color'],
};

export const INJECTION_RULES: readonly InjectionRule[] = RULES.map((r) => {
  const triggers = TRIGGERS[r.id];
  if (!triggers) throw new Error(`injection rule ${r.id} has no triggers`);
  return { ...r, triggers };
});
