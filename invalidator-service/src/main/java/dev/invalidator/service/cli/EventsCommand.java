package dev.invalidator.service.cli;

import picocli.CommandLine.Command;

/** Verbs that look at change events without touching any cache. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = "Inspect Debezium change events.",
        subcommands = {DecodeCommand.class})
final class EventsCommand {
}
