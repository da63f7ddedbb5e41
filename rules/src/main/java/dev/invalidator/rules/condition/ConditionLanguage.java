package dev.invalidator.rules.condition;

import dev.cel.checker.CelStandardDeclarations;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelMacro;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import java.util.Optional;

/**
 * The CEL environment of rule conditions: exactly the variables {@code before}, {@code after}, {@code op},
 * {@code table}, {@code source} and the helper {@code changed('col')}; CEL's standard operators and functions except
 * {@code type()}; the {@code has()} macro and no comprehension macros; and limits on size and nesting.
 *
 * <p>CEL reaches nothing it is not given: no Java class, method, reflection or I/O exists in the language, and no
 * protobuf message type is declared here, so there is nothing for a condition to reach beyond these values.
 */
final class ConditionLanguage {

    /** Longest condition, in code points. Conditions are one-liners; this leaves room and bounds parse work. */
    static final int MAX_LENGTH = 1_000;
    /** Deepest nesting the parser follows; real conditions nest a handful of levels. */
    static final int MAX_NESTING = 32;
    /** Most expression nodes (operands, operators, calls) a condition may have. */
    static final int MAX_NODES = 250;

    static final String CHANGED = "changed";
    private static final String CHANGED_INTERNAL = "@changed";
    private static final String CHANGED_OVERLOAD = "invalidator_changed_event_string";
    private static final CelType EVENT_TYPE = OpaqueType.create("invalidator.ChangeEvent");
    private static final CelType ROW = MapType.create(SimpleType.STRING, SimpleType.DYN);

    private final CelOptions options = CelOptions.current()
            // Lets `after.price > 100` compare a double column with an int literal, as anyone would expect.
            .enableHeterogeneousNumericComparisons(true)
            .maxExpressionCodePointSize(MAX_LENGTH)
            .maxParseRecursionDepth(MAX_NESTING)
            .maxParseExpressionNodeCount(MAX_NODES)
            // With the comprehension macros left out no loop can be written; this also refuses any that slipped in.
            .enableComprehension(false)
            .build();

    private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(options)
            // has() tests whether a column can be read; all/exists/exists_one/map/filter are left out: rows are flat
            // maps of scalars, and loops are the one way a short condition could cost a lot to evaluate.
            .setStandardMacros(CelStandardMacro.HAS)
            .addMacros(changedMacro())
            .setStandardEnvironmentEnabled(false)
            .setStandardDeclarations(CelStandardDeclarations.newBuilder()
                    // type() and the type names (int, map, ...) as values: conditions compare data, not types.
                    .excludeFunctions(CelStandardDeclarations.StandardFunction.TYPE)
                    .excludeIdentifiers(CelStandardDeclarations.StandardIdentifier.values())
                    .build())
            .addVar(EventVariables.BEFORE, ROW)
            .addVar(EventVariables.AFTER, ROW)
            .addVar(EventVariables.OP, SimpleType.STRING)
            .addVar(EventVariables.TABLE, SimpleType.STRING)
            .addVar(EventVariables.SOURCE, ROW)
            .addVar(EventVariables.EVENT, EVENT_TYPE)
            .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration(CHANGED_INTERNAL,
                    CelOverloadDecl.newGlobalOverload(CHANGED_OVERLOAD, SimpleType.BOOL, EVENT_TYPE, SimpleType.STRING)))
            .setResultType(SimpleType.BOOL)
            .build();

    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(options)
            .setStandardEnvironmentEnabled(false)
            .setStandardFunctions(CelStandardFunctions.newBuilder().build())
            .addFunctionBindings(CelFunctionBinding.from(CHANGED_OVERLOAD, EventVariables.class, String.class,
                    (variables, column) -> ColumnChange.changed(variables.event(), column,
                            variables.untrustedBeforeColumns())))
            .build();

    CelCompiler compiler() {
        return compiler;
    }

    CelRuntime runtime() {
        return runtime;
    }

    /**
     * {@code changed('col')} becomes {@code @changed(@event, 'col')}: the helper needs the whole event (absent images,
     * unavailable values), which no CEL value carries. The column must be a literal so a misspelt call is refused
     * here rather than failing on every event.
     */
    private static CelMacro changedMacro() {
        return CelMacro.newGlobalMacro(CHANGED, 1, (factory, target, arguments) -> {
            CelExpr column = arguments.get(0);
            boolean literal = column.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                    && column.constant().getKind() == CelConstant.Kind.STRING_VALUE;
            if (!literal) {
                return Optional.of(factory.reportError(
                        "changed() takes a column name in quotes, e.g. changed('price')"));
            }
            return Optional.of(factory.newGlobalCall(CHANGED_INTERNAL,
                    factory.newIdentifier(EventVariables.EVENT), column));
        });
    }
}
