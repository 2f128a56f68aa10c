import type { Command } from 'commander';
import { register as serve } from './serve';
import { register as synth } from './synth';

/** Each command lives in its own module and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [synth, serve];
