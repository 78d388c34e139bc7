export { OPERATORS, OPERATOR_IDS, getOperator, isOperatorId, type OperatorId, type OperatorMeta, type OperatorValueKind } from "./operators";
export {
  conditionSchema,
  conditionsSchema,
  conditionGroupSchema,
  conditionTreeSchema,
  operatorSchema,
  matchModeSchema,
  normalizeField,
  type Condition,
  type ConditionInput,
  type ConditionGroup,
  type ConditionTree,
  type ConditionTreeInput,
  type MatchMode,
} from "./schema";
export {
  evaluateCondition,
  evaluateConditions,
  evaluateConditionTree,
  type ConditionResult,
  type ConditionsResult,
  type ConditionGroupResult,
  type ConditionTreeResult,
} from "./evaluate";
export { looseEquals, compareOrdered, toNumber, toDateMs, toList } from "./compare";
export { describeCondition, describeConditionTree, formatValue } from "./format";
export { conditionsFromObject, conditionsToObject, conditionsInputSchema, type ConditionsObject } from "./object-form";
export { getPath, lookupPath } from "../paths/get";
