package dev.invalidator.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code invalidator} command: one entry point, one verb per job. */
@Command(
        name = "invalidator",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Keeps Redis and in-process caches true to a relational database.",
        subcommands = {RunCommand.class, DemoCommand.class, InvalidateCommand.class, RulesCommand.class, EventsCommand.class, CommandLine.HelpCommand.class})
public final class InvalidatorCommand {

    /** System property read by logback.xml: the root log level. */
    static final String LOG_LEVEL_PROPERTY = "invalidator.log.level";

    public static void main(String[] args) {
        // The demo speaks for itself on standard output; the components' INFO lines would bury it. Set before the
        // first logger exists, which is when logback reads its configuration.
        if (args.length > 0 && args[0].equals("demo") && System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, "ERROR");
        }
        System.exit(new CommandLine(new InvalidatorCommand()).execute(args));
    }
}
