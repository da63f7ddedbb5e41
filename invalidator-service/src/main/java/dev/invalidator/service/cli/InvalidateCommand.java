package dev.invalidator.service.cli;

import dev.invalidator.schemas.json.InvalidFieldException;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code invalidator invalidate}: an explicit request, sent to a running service's {@code POST /invalidations}. */
@Command(
        name = "invalidate",
        description = {"Ask a running service to invalidate keys, patterns, tags or versioned keys (and dependents with --cascade).",
                "The service puts the request on its requests topic, applies it in order and broadcasts it;"
                        + " with --dry-run it answers what would be removed and removes nothing.",
                "The admin token is read from $" + InvalidateCommand.TOKEN_VARIABLE + " or --token-file.",
                "Exit status: 0 when the service accepted the request, 1 when it refused or could not be reached,"
                        + " 2 for a bad request."})
final class InvalidateCommand implements Callable<Integer> {

    static final String TOKEN_VARIABLE = "INVALIDATOR_HTTP_ADMIN_TOKEN";

    // Help only, not picocli's standard help options: their --version would take the name of the versions option.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--key", paramLabel = "KEY", description = "A cache key to remove (repeatable).")
    List<String> keys = new ArrayList<>();

    @Option(names = "--pattern", paramLabel = "GLOB", description = "A Redis glob; matching keys are removed (repeatable).")
    List<String> patterns = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "A tag whose member keys are removed (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--version", paramLabel = "KEY",
            description = "A versioned key whose version counter is bumped, instead of removing anything (repeatable).")
    List<String> versions = new ArrayList<>();

    @Option(names = "--cascade", description = "Also remove the registered dependents of every removed key.")
    boolean cascade;

    @Option(names = "--soft", description = "Soft: near-caches mark the entries stale and refresh them in the background"
            + " instead of dropping them (Redis is invalidated as usual).")
    boolean soft;

    @Option(names = "--dry-run", description = "Report what would be removed; remove nothing.")
    boolean dryRun;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, in words; kept with the request.")
    String reason;

    @Option(names = "--source", paramLabel = "NAME", defaultValue = "cli",
            description = "Who asks, as the broadcast tells it (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--id", paramLabel = "ID", description = "The request id; a random UUID when not given.")
    String id;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "The service's HTTP address (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the admin token.")
    Path tokenFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "How long to wait for the answer, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    InvalidateCommand() {
        this(System.getenv());
    }

    InvalidateCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InvalidationRequest request;
        Optional<String> token;
        try {
            request = new InvalidationRequest(id != null ? id : UUID.randomUUID().toString(), source, keys, patterns,
                    tags, versions, cascade, dryRun, reason, soft);
            token = token();
        } catch (InvalidFieldException e) {
            err.println("bad request: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("cannot read the token file " + tokenFile + ": " + e.getMessage());
            err.flush();
            return 2;
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(url.resolve("/invalidations"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new InvalidationRequestCodec().encode(request)));
        token.ifPresent(t -> http.header("Authorization", "Bearer " + t));
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(timeout).build()
                    .send(http.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("cannot reach the service at " + url + ": " + e);
            err.flush();
            return 1;
        }
        boolean accepted = response.statusCode() / 100 == 2;
        (accepted ? out : err).println(response.body());
        if (!accepted) {
            err.println("the service answered " + response.statusCode()
                    + (token.isEmpty() && response.statusCode() == 401 ? " (no token given: set $" + TOKEN_VARIABLE
                    + " or --token-file)" : ""));
        }
        out.flush();
        err.flush();
        return accepted ? 0 : 1;
    }

    private Optional<String> token() throws IOException {
        if (tokenFile != null) {
            return Optional.of(Files.readString(tokenFile, StandardCharsets.UTF_8).strip());
        }
        return Optional.ofNullable(environment.get(TOKEN_VARIABLE)).filter(t -> !t.isBlank());
    }
}
