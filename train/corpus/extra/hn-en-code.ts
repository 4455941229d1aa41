/**
 * English section 4 prose: API references, READMEs, Q&A answers and docstrings that explain
 * system messages, prompt templates, environment variables, force flags, overrides and injection
 * filters. The shared code scaffolds are in hn-code.ts; `EN_COMMENTS` feeds their ⟨cm⟩ slot.
 */
import type { Group } from './hn-types.js';

export const EN_COMMENTS: readonly string[] = [
  'Load settings once at start-up', 'The system prompt lives in config so product can edit it without a deploy',
  'Keep user text in its own message; never concatenate it into the system prompt', 'TODO: move the prompt to a template file',
  'Override only in local development', 'Ignore errors here: the service may not exist on fresh machines',
  'Secrets come from the environment, never from the repo', 'Retry on timeouts only', 'See docs/prompting.md for the style guide',
  'Force-recreate so the new env vars are picked up', 'Test fixtures for the injection filter: attacks must score high, look-alikes low',
  'Temperature kept low for consistent answers', 'Requires sudo because it installs system packages', 'Escapes braces so str.format does not choke',
];

export const EN_CODE: readonly Group[] = [
  { // chat API reference
    title: ['Chat completions: message roles', 'API reference: messages', 'Understanding the system role'],
    lines: [
      'Each message has a `role` (`system`, `user` or `assistant`) and a `content` string.',
      'The `system` message sets the assistant\'s behaviour for the whole conversation and should come first.',
      'Pass user input only in `user` messages; putting it in the `system` message lets users change your instructions.',
      'If you omit the system message, the model behaves as a general-purpose assistant.',
      'The `messages` array is stateless: send the full history with every request.',
      'Use `temperature: 0` for classification and extraction, higher values for creative writing.',
      'The `max_tokens` parameter caps the length of the reply, not of the prompt.',
      'Some providers take the system prompt as a separate `system` parameter instead of a message.',
      'Responses include a `usage` object with prompt and completion token counts.',
    ],
  },
  { // prompt templates
    title: ['Prompt templates', 'Writing reusable prompts', 'Template variables'],
    lines: [
      'Templates use placeholders such as `\\{user_input\\}` and `\\{context\\}`, which are filled at run time.',
      'Escape literal braces by doubling them, otherwise `str.format` raises a `KeyError`.',
      'Keep instructions in the template and data in the variables, so reviewers can read the prompt as a whole.',
      'Version your templates alongside the code and record which version produced each answer.',
      'Never build a template by concatenating strings from untrusted sources.',
      'A common mistake is to put `\\{user_input\\}` above the instructions, where it reads like part of them.',
      'Use clear delimiters, for example triple quotes or XML-style tags, around inserted documents.',
    ],
  },
  { // environment variables and secrets
    title: ['Configuration and secrets', 'Setting up your .env file', 'Environment variables'],
    steps: true,
    lines: [
      'Copy `.env.example` to `.env` and fill in your API key.',
      'The app reads `os.environ["API_KEY"]` at start-up and exits if it is missing.',
      'Never commit `.env`; it is already listed in `.gitignore`.',
      'In production, set the variables in your hosting provider\'s dashboard instead of using a file.',
      'Rotate the key immediately if it is ever pasted into a chat, a ticket or a log.',
      'Use `python-dotenv` or `dotenv` only for local development.',
      'Run `printenv | grep API` to check that the variable is set without printing other secrets.',
    ],
  },
  { // CLI reference with force and override flags
    title: ['Command-line options', 'CLI reference', 'deploy.sh usage'],
    lines: [
      '`--force` skips the confirmation prompt and overwrites existing files.',
      '`--override KEY=VALUE` replaces a single setting from the config file for this run only.',
      '`--ignore-errors` continues with the next item when one fails and prints a summary at the end.',
      '`--dry-run` shows what would change without changing anything.',
      'Use `sudo` only for the install step; the tool itself should run as a normal user.',
      'Combining `--force` with `--prune` deletes remote files that no longer exist locally.',
      '`--no-verify` bypasses the pre-commit hooks; use it sparingly.',
      'Exit code 2 means the arguments were invalid; exit code 3 means the remote refused the push.',
    ],
  },
  { // config override docs
    title: ['Overriding the defaults', 'Configuration precedence', 'Per-environment settings'],
    lines: [
      'Settings are read in this order: defaults, `config.yaml`, environment variables, command-line flags; later sources override earlier ones.',
      'To override the default model, set `MODEL` in the environment.',
      'Place local overrides in `config.local.yaml`; that file is ignored by git.',
      'The `system_prompt` key can be overridden per tenant in the admin panel.',
      'An empty value does not override a default; use `null` to clear a setting.',
      'Docker Compose merges `docker-compose.override.yml` automatically when it exists.',
    ],
  },
  { // injection filter library README
    title: ['prompt-guard: usage', 'Injection filter API', 'Using the detector'],
    lines: [
      'Call `scan(text)` before passing retrieved content to the model; it returns a score between 0 and 1.',
      'Scores above the threshold (default 0.8) mean the text probably contains instructions aimed at the model.',
      'The filter recognises phrases such as "ignore previous instructions" in several languages, as well as fake role markers.',
      'Expect some false positives on articles about security; tune the threshold on your own data.',
      'Set `mode: "log"` to record detections without blocking while you evaluate.',
      'The test suite contains sample attack strings; they are fixtures, not live prompts.',
      'Report missed attacks with the text and the expected label so we can add them to the tests.',
    ],
  },
  { // Q&A about code
    title: ['Why does my system prompt get ignored?', 'Ansible: ignore_errors vs failed_when', 'git push --force vs --force-with-lease', 'How to override a method in a subclass?'],
    lines: [
      'Check that the `system` message is first in the list; some SDKs silently drop it otherwise.',
      '`ignore_errors: true` hides every failure, so prefer `failed_when` with an explicit condition.',
      '`--force-with-lease` refuses to overwrite the remote branch if someone else pushed in the meantime.',
      'Annotate the method with `@Override` so the compiler tells you if the signature does not match.',
      'If the model ignores the instructions, shorten the system prompt and put the most important rule first.',
      'You do not need `sudo` for `pip install --user`; using it can break your system Python.',
      'The error means the variable is not exported; run `export API_KEY=...` or use a `.env` loader.',
      'Accepted answer: move the template into its own file and load it with the `\\{user_input\\}` placeholder intact.',
    ],
  },
  { // pull request and commit descriptions
    title: ['Pull request', 'Commit message', 'Merge request'],
    lines: [
      'Refactor: drop the legacy override switch and check permissions in one place.',
      'Remove the debug bypass for admins; every request now goes through the same authorisation check.',
      'Fix: the retry loop ignored the configured timeout and ran forever.',
      'Prompt template: move the system instructions into their own file and add tests for the placeholders.',
      'Stop logging full request bodies; they can contain user data.',
      'Add a flag to ignore stale cache entries during the migration.',
      'Revert "force-enable the new parser", it broke the import of old files.',
      'Docs: explain how to override the default model per tenant.',
      'Security: reject tool results larger than 1 MB instead of truncating them silently.',
      'Tests now cover the case where the user asks the bot to repeat its instructions.',
    ],
    max: 4,
  },
  { // docstrings and internal code docs
    title: ['Module documentation', 'Internal docs: assistant service'],
    lines: [
      '`build_messages(system_prompt, history, user_input)` returns the list sent to the model.',
      'The `override` argument lets callers replace the persona for a single request, for example in tests.',
      'Raises `ConfigError` if `system_prompt` is empty.',
      '`ignore_cache=True` forces a fresh call even if an identical prompt was answered recently.',
      'Tool results are wrapped in `<document>` tags before they are added to the conversation.',
      'This function never logs the API key, only its last four characters.',
    ],
  },
];
