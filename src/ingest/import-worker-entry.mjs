// Worker entry: TypeScript through tsx's loader (a worker does not inherit the main thread's).
import { register } from 'tsx/esm/api';

register();
await import('./import-worker-main.ts');
