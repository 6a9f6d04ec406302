import { Option, type Command } from 'commander';
import type { EventEmitter } from 'node:events';

/**
 * Adds an old spelling of a flag (`--from` for `--format`, `--batch` for `--batch-size`) that
 * still works but is not shown in help: scripts written against it keep running, and new ones
 * learn the one name that the other commands and the HTTP API use (docs/ingest.md, "One
 * vocabulary"). Its value goes through the canonical flag, so choices and parsing are the same,
 * and an error names the canonical flag.
 */
export function addAlias(command: Command, flags: string, canonical: string): Command {
  const alias = new Option(flags).hideHelp();
  command.addOption(alias);
  // Commander is an EventEmitter (its typings show only `on`); each flag is applied on its event.
  const events = command as unknown as EventEmitter;
  events.on(`option:${alias.name()}`, (value: string) => events.emit(`option:${canonical}`, value));
  return command;
}
