export * from './tables';
export * from './suppress';
export * from './audit';
export * from './round';
export * from './dp';
export * from './ledger';
export * from './release';
export { Polytope, InfeasibleError } from './simplex';
