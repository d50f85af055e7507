export { currentBudget, EvaluationBudget, withBudget, type LimitHit } from './budget';
export { DEFAULT_LIMITS, type EvaluationLimits } from './limits';
export { measureValue } from '../../model/measure';
export { cutTooDeep, firstTooDeep } from './depth';
