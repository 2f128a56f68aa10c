import type { Command } from 'commander';
import { register as init } from './init';
import { register as keys } from './keys';
import { register as users } from './users';
import { register as audit } from './audit';
import { register as evidence } from './evidence';
import { register as backup } from './backup';
import { register as restore } from './restore';
import { register as serve } from './serve';
import { register as synth } from './synth';
import { register as estimate } from './estimate';

/** Each command lives in its own module and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  estimate,
  synth,
  serve,
  init,
  keys,
  users,
  audit,
  evidence,
  backup,
  restore,
];
