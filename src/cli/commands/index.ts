import type { Command } from 'commander';
import { register as serve } from './serve';
import { register as synth } from './synth';
import { register as estimate } from './estimate';

/** Each command lives in its own module and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [estimate, synth, serve];
