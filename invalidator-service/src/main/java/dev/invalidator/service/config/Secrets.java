package dev.invalidator.service.config;

import java.util.Locale;

/** Which passed-through client settings hold secrets, so that they are masked wherever configuration is printed. */
final class Secrets {

    static final String MASK = "******";

    private Secrets() {
    }

    /**
     * A property is secret when its name mentions a password, secret, token or credentials, is a private key or a
     * JAAS configuration ({@code ssl.key.password}, {@code sasl.jaas.config}, {@code ssl.keystore.key}).
     */
    static boolean isSecret(String property) {
        String name = property.toLowerCase(Locale.ROOT);
        return name.contains("password") || name.contains("secret") || name.contains("token")
                || name.contains("credentials") || name.contains("jaas") || name.endsWith(".key")
                || name.equals("key") || name.contains("user.info");
    }
}
