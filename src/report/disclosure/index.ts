export * from './tables';
export * from './suppress';
export * from './audit';
export * from './round';
export * from './dp';
export * from './ledger';
export { Polytope, InfeasibleError } from './simplex';
