package dev.invalidator.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code invalidator} command: one entry point, one verb per job. */
@Command(
        name = "invalidator",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps Redis and in-process caches true to a relational database.",
        subcommands = {RunCommand.class, InvalidateCommand.class, RulesCommand.class, EventsCommand.class, CommandLine.HelpCommand.class})
public final class InvalidatorCommand {

    public static void main(String[] args) {
        System.exit(new CommandLine(new InvalidatorCommand()).execute(args));
    }
}
