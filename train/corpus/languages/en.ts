/** English: assembled from the larger English modules. */
import type { LanguagePack } from './pack.js';
import { EN_SLOTS } from '../slots-en.js';
import { EN_INJECTION, EN_EXTRACTION, EN_OVERRIDE_SLOTS } from '../attacks-direct.js';
import { EN_INDIRECT, EN_INDIRECT_SLOTS } from '../attacks-indirect.js';
import { EN_JAILBREAK_SLOTS, EN_JAILBREAK_TEMPLATES } from '../attacks-jailbreak.js';
import { EN_PAYLOAD_SLOTS } from '../payloads.js';
import { EN_PROMPTS, EN_PROMPT_EXTRA_SLOTS, EN_PROMPT_SLOTS } from '../benign-prompts.js';
import { EN_SENTENCES, EN_TITLES } from '../benign-documents.js';
import { EN_HARD, EN_HARD_SLOTS, EN_SECURITY_SLOTS } from '../hard-negatives.js';

/** All English slot tables merged; other packs fall back to these for anything they lack. */
export const EN_ALL_SLOTS = {
  ...EN_SLOTS, ...EN_OVERRIDE_SLOTS, ...EN_INDIRECT_SLOTS, ...EN_JAILBREAK_SLOTS, ...EN_PAYLOAD_SLOTS,
  ...EN_PROMPT_SLOTS, ...EN_PROMPT_EXTRA_SLOTS, ...EN_HARD_SLOTS, ...EN_SECURITY_SLOTS,
};

export const en: LanguagePack = {
  lang: 'en',
  slots: EN_ALL_SLOTS,
  injection: EN_INJECTION,
  extraction: EN_EXTRACTION,
  indirect: EN_INDIRECT,
  jailbreak: EN_JAILBREAK_TEMPLATES,
  tasks: [
    '{Translate|Please translate} the following {text|message|paragraph} into ⟨hlang⟩:', 'Summarise this {email|article|page|document}:',
    '{Fix|Correct} the grammar in this {paragraph|text}:', 'Classify the sentiment of this review (positive/negative/neutral):',
    'Extract all {dates|names|amounts|addresses} from the text below.', 'What is this text about?', 'Rewrite this more politely:',
    'Is this message spam? Answer yes or no.', 'Proofread:', "Answer the customer's question below.", 'Convert this to bullet points:',
    'TL;DR:', 'Here is the {document|article|ticket}:', 'Detect the language of this text:', 'Give this text a title:', 'tldr pls',
    '{Check|Review} this {for|for any} {spelling mistakes|tone issues|factual errors}:', 'Make this shorter:',
    // The frames applications put around user or retrieved text. They come with attacks and with
    // ordinary text alike, so the frame itself never signals an attack (it once did: "summarize
    // the following" and "respond only with" were flagged on their own).
    '{Summarize|Summarise|Please summarize|Briefly summarize} the following {text|meeting notes|email|article|review|conversation|document|paragraph}{:|.}',
    '{Summarize|Summarise} this in {one sentence|two sentences|three bullet points|under 50 words}:',
    'Translate {to|into} ⟨hlang⟩:', 'Translate from ⟨hlang⟩ to ⟨hlang⟩:', '⟨hlang⟩ translation, please:',
    'Classify the sentiment of this {review|tweet|comment|message} as {positive or negative|positive, negative or neutral}:',
    'Classify this {ticket|email|message} as {billing, technical or other|spam or not spam|urgent or not urgent}:',
    'Extract {all|the} {dates|names|company names|amounts|email addresses|action items|product names} from the following {text|email|document}:',
    '{Respond|Reply|Answer} {only|just} with {yes or no|the number|one word|the category|a single letter|JSON}{:|.}',
    '{Reply|Respond} with only the {label|answer|number|language code}:',
    'Your task is to {summarize|summarise|classify|translate|proofread|categorise|tag} {the following|this} {text|review|ticket|email}{.|:}',
    'You are a helpful assistant that {summarizes|translates|classifies|proofreads} {text|emails|support tickets|reviews}. {Input|Text}:',
    '{Answer the question based on the context|Based on the following context, answer the question|Use the context below to answer}{.|:}',
    '{Rewrite|Paraphrase} the following {text|sentence|paragraph} in {plain English|a friendly tone|the passive voice}:',
    '{Fix|Correct} any {spelling|grammar} mistakes in the following{:| text:}', 'Generate a title for the following {article|post|text}:',
    'Find the main {topic|argument|complaint} in the following {text|email|review}:', 'Detect the language of the following:',
    'Turn the following into {a to-do list|a table|bullet points|a short email}:', 'Here is the {context|input|text}:',
  ],
  prompts: EN_PROMPTS,
  sentences: EN_SENTENCES,
  titles: EN_TITLES,
  hard: EN_HARD,
};
