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
import { register as importCommand } from './import';
import { register as exportCommand } from './export';
import { register as stats } from './stats';
import { register as demo } from './demo';
import { register as estimate } from './estimate';
import { register as report } from './report';
import { register as link } from './link';

/** Each command lives in its own module and registers itself on the program. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  estimate,
  report,
  synth,
  link,
  importCommand,
  exportCommand,
  stats,
  demo,
  serve,
  init,
  keys,
  users,
  audit,
  evidence,
  backup,
  restore,
];
