/**
 * Scaffolding words the carriers print (“wrote:”, “Page”, a generic title). English defaults sit
 * last in every language's tables, so a pack only overrides what it translates. Also a few
 * language-neutral numbers that read better than ⟨num⟩ (cooking and incubation minutes).
 */
import type { SlotTable } from '../template.js';

export const UI_EN: SlotTable = {
  uititle: ['Notes', 'Information', 'Read me', 'Update', 'Guide', 'FAQ', 'Overview'],
  uisummary: ['Here is a summary of the page:', 'Summary:', 'Here are the key points:', 'The document says:'],
  uihome: ['Home', 'Back to overview', 'Help centre'],
  uidetails: ['Details', 'More information', 'Notes'],
  uiposted: ['Posted by', 'Reply from', 'Answered by'],
  uiwrote: ['wrote:', 'said:', 'asked:'],
  uilikes: ['⟨num⟩ people found this helpful', 'Marked as solution', 'Edited ⟨num⟩ hours ago'],
  uiack: ['Thanks, closing this.', 'Confirmed, works now.', 'Added to the wiki.'],
  uipage: ['Page', 'p.', '—'],
  uiassist: ['Sure, here you go.', 'Done!', 'Of course. Anything else?', 'Here is the updated version.'],
  uiprompt: ['System prompt', 'Prompt v⟨version⟩', 'Assistant instructions', 'Bot persona'],
  uirole: ['Role', 'Who you are'],
  uirules: ['Rules', 'Guidelines', 'Constraints'],
  mins: ['10', '15', '20', '25', '30'],
};
