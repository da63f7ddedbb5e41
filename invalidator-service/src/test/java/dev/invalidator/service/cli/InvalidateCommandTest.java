package dev.invalidator.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.invalidator.schemas.request.InvalidationRequest;
import dev.invalidator.schemas.request.InvalidationRequestCodec;
import dev.invalidator.service.config.ServiceFields;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code invalidator invalidate} sends and how it reports the answer, against a local HTTP server. */
class InvalidateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicReference<byte[]> received = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private HttpServer server;
    private int status = 202;
    private String answer = "{\"id\":\"r1\",\"status\":\"accepted\"}";

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/invalidations", exchange -> {
            received.set(exchange.getRequestBody().readAllBytes());
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void call_keysPatternTagCascadeDryRun_sendsOneValidRequestWithTheToken() {
        int exit = run(Map.of(InvalidateCommand.TOKEN_VARIABLE, "s3cret"), "--key", "user:1", "--key", "user:2",
                "--pattern", "feed:*", "--tag", "users", "--cascade", "--dry-run", "--id", "r1", "--reason", "test");

        assertThat(exit).as(err.toString()).isZero();
        InvalidationRequest request = new InvalidationRequestCodec().decode(received.get()).decoded().orElseThrow();
        assertThat(request).isEqualTo(new InvalidationRequest("r1", "cli", List.of("user:1", "user:2"),
                List.of("feed:*"), List.of("users"), true, true, "test"));
        assertThat(authorization.get()).isEqualTo("Bearer s3cret");
        assertThat(out.toString()).contains("\"accepted\"");
    }

    @Test
    void call_versions_sendsThemAsVersionedKeys() {
        int exit = run(Map.of(), "--version", "user:7", "--version", "user:8", "--id", "r2");

        assertThat(exit).as(err.toString()).isZero();
        InvalidationRequest request = new InvalidationRequestCodec().decode(received.get()).decoded().orElseThrow();
        assertThat(request.versions()).containsExactly("user:7", "user:8");
        assertThat(request.keys()).isEmpty();
    }

    @Test
    void call_soft_sendsASoftRequest() {
        int exit = run(Map.of(), "--key", "product:7", "--soft", "--id", "r3");

        assertThat(exit).as(err.toString()).isZero();
        InvalidationRequest request = new InvalidationRequestCodec().decode(received.get()).decoded().orElseThrow();
        assertThat(request.soft()).isTrue();
        assertThat(request.keys()).containsExactly("product:7");
    }

    @Test
    void call_refusedWithoutToken_exitsOneAndSaysHowToGiveIt() {
        status = 401;
        answer = "{\"error\":\"missing bearer token\"}";

        int exit = run(Map.of(), "--key", "user:1");

        assertThat(exit).isEqualTo(1);
        assertThat(authorization.get()).isNull();
        assertThat(err.toString()).contains("missing bearer token").contains("answered 401")
                .contains(InvalidateCommand.TOKEN_VARIABLE);
    }

    @Test
    void call_nothingToInvalidate_exitsTwoWithoutSending() {
        int exit = run(Map.of());

        assertThat(exit).isEqualTo(2);
        assertThat(received.get()).isNull();
        assertThat(err.toString()).contains("at least one of keys, patterns, tags");
    }

    @Test
    void call_serviceUnreachable_exitsOneNamingTheAddress() {
        server.stop(0);

        int exit = run(Map.of(), "--key", "user:1", "--timeout", "PT2S");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the service at http://127.0.0.1:");
    }

    @Test
    void tokenVariable_isTheServiceConfigurationsVariable() {
        assertThat(InvalidateCommand.TOKEN_VARIABLE).isEqualTo(ServiceFields.HTTP_ADMIN_TOKEN.envVariable());
    }

    private int run(Map<String, String> environment, String... args) {
        CommandLine command = new CommandLine(new InvalidateCommand(environment));
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        all[0] = "--url";
        all[1] = "http://127.0.0.1:" + server.getAddress().getPort();
        System.arraycopy(args, 0, all, 2, args.length);
        return command.execute(all);
    }
}
