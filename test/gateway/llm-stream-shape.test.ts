import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { adapterFor } from '../../src/gateway/llm/adapters/index.js';
import { StreamShape } from '../../src/gateway/llm/stream-shape.js';
import type { SseEvent, StreamDelta, WireFormat } from '../../src/gateway/llm/types.js';

/**
 * StreamShape must give, for every event, exactly what the adapter's whole parse gives: the
 * output it reads is what gets inspected, and the agent's SDK reads the whole event.
 */

function same(format: WireFormat, events: SseEvent[]): number {
  const adapter = adapterFor(format);
  let calls = 0;
  const shape = new StreamShape((ev) => {
    calls++;
    return adapter.parseStreamEvent(ev);
  });
  for (const ev of events) {
    const want: StreamDelta = adapter.parseStreamEvent(ev);
    assert.deepEqual(shape.delta(ev), want, `event ${JSON.stringify(ev)}`);
  }
  return calls;
}

const chat = (content: string, extra = '') =>
  `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":${content}}${extra},"finish_reason":null}]}`;

describe('StreamShape', () => {
  it('reads ordinary chat events without parsing them whole, with the same result', () => {
    const words = ['Hello', ' world', ', "quoted"', ' back\\slash', ' ünïcödé', ' \u2028line', ' emoji 😀', ' tab\t', ' end'];
    const events = [{ data: chat('""').replace('"content":""', '"role":"assistant","content":""') }, ...words.map((w) => ({ data: chat(JSON.stringify(w)) })), { data: '[DONE]' }];
    const parses = same('openai.chat', events);
    // The first event with text is parsed whole (and probed once); the rest are not.
    assert.ok(parses <= 4, `parsed ${parses} events whole`);
  });

  it('parses whole whatever differs from the learnt shape, and gets the same answer', () => {
    const events: SseEvent[] = [
      { data: chat('"a"') },
      { data: chat('"b"') },
      // A duplicate key: JSON.parse keeps the last one.
      { data: chat('"harmless", "content": "evil"') },
      { data: chat('"x"', ',"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]') },
      // Text that closes the string and opens another member.
      { data: chat('"a", "refusal": "b"') },
      { data: chat('"unterminated') },
      { data: chat('"a" "b"') },
      { data: chat('"bad \\x escape"') },
      { data: chat('"raw\ncontrol"') },
      { data: chat('""') },
      { data: chat('null') },
      { data: chat('123') },
      { data: chat('"c"').replace('"index":0', '"index":1') },
      { data: `${chat('"d"').slice(0, -1)},"usage":{"prompt_tokens":1,"completion_tokens":2}}` },
      { data: chat('"e"') },
      { event: 'other', data: chat('"f"') },
      { data: '[DONE]' },
    ];
    same('openai.chat', events);
  });

  it('does not learn from a string that is not the one the text is read from', () => {
    // The same word in the id and as a duplicate content key overridden by a later one.
    const events: SseEvent[] = [
      { data: '{"id":"hi","choices":[{"delta":{"content":"hi"}}],"choices":[{"delta":{"content":"hi"}}]}' },
      { data: '{"id":"hi","choices":[{"delta":{"content":"evil"}}],"choices":[{"delta":{"content":"hi"}}]}' },
      { data: '{"id":"hi","choices":[{"delta":{"content":"hi"}}],"choices":[{"delta":{"content":"evil"}}]}' },
      // Escaped quotes before the text: the parity count must not be fooled.
      { data: '{"id":"a\\"b\\\\","choices":[{"delta":{"content":"x"}}]}' },
      { data: '{"id":"a\\"b\\\\","choices":[{"delta":{"content":"y"}}]}' },
      { data: '{"note":"\\"content\\":\\"x\\"","choices":[{"delta":{"content":"x"}}]}' },
      { data: '{"note":"\\"content\\":\\"x\\"","choices":[{"delta":{"content":"z"}}]}' },
    ];
    same('openai.chat', events);
  });

  it('works the same on Anthropic and Responses events', () => {
    const anthropic: SseEvent[] = [
      { event: 'message_start', data: '{"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":0}}}' },
      { event: 'content_block_start', data: '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}' },
      ...['One', ' two', ' "three"', ' four'].map((t) => ({ event: 'content_block_delta', data: `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(t)}}}` })),
      { event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{}"}}' },
      { event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"five"},"type":"message_stop"}' },
      { event: 'message_stop', data: '{"type":"message_stop"}' },
    ];
    same('anthropic.messages', anthropic);
    const responses: SseEvent[] = ['Hi', ' there', ' again'].map((t) => ({ event: 'response.output_text.delta', data: `{"type":"response.output_text.delta","output_index":0,"delta":${JSON.stringify(t)}}` }));
    responses.push({ event: 'response.output_text.delta', data: '{"type":"response.function_call_arguments.delta","output_index":0,"delta":"x"}' });
    same('openai.responses', responses);
  });

  it('agrees with the whole parse on random mutations of a learnt event', () => {
    const base = chat('"seed"');
    const alphabet = ['"', '\\', ',', ':', '{', '}', '[', ']', 'a', ' ', 'n', 'u', '0', '\n', 'é'];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const events: SseEvent[] = [{ data: base }];
    for (let i = 0; i < 3000; i++) {
      // Mutate the middle (where the text is) or anywhere.
      const at = rand(4) === 0 ? rand(base.length) : base.indexOf('"seed"') + rand(8);
      let mid = '';
      for (let k = rand(6); k > 0; k--) mid += alphabet[rand(alphabet.length)];
      events.push({ data: base.slice(0, at) + mid + base.slice(at + rand(4)) });
    }
    same('openai.chat', events);
  });
});
