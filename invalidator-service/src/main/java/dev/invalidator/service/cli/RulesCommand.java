package dev.invalidator.service.cli;

import picocli.CommandLine.Command;

/** Verbs that work on rule files without touching any cache. */
@Command(
        name = "rules",
        mixinStandardHelpOptions = true,
        description = "Check, try and compare rule files.",
        subcommands = {RulesCheckCommand.class, RulesTestCommand.class, RulesDiffCommand.class})
final class RulesCommand {
}
