/**
 * Rule conditions ({@code when:}): CEL expressions over one change event, compiled when rules load and evaluated
 * per event.
 *
 * <pre>{@code
 * ConditionCompiler compiler = new ConditionCompiler();           // once
 * CompileResult result = compiler.compile("after.status != 'draft'");
 * if (result instanceof CompileResult.Rejected rejected) {
 *     rejected.problems();                                          // [1:14: ...], positions within the expression
 * }
 * Condition condition = ((CompileResult.Compiled) result).condition();
 *
 * ConditionInput input = ConditionInput.of(changeEvent);           // once per event, shared by its rules
 * ConditionResult outcome = condition.evaluate(input);             // MATCHED, NOT_MATCHED or Failed(message)
 * }</pre>
 *
 * <p>The language as rule authors see it is in {@code docs/conditions.md}; the choice of CEL and the measured cost in
 * {@code docs/adr/0002-condition-language.md}. Only this package uses CEL, and none of its public types shows it.
 */
package dev.invalidator.rules.condition;
