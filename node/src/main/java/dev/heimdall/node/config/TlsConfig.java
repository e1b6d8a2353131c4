package dev.heimdall.node.config;

import java.nio.file.Path;

/**
 * How a provider's TLS certificate is checked.
 *
 * @param caBundle   a PEM file of CA certificates to trust instead of the JVM's; {@code null} for the JVM's
 * @param verifyHost whether the certificate must name the host, true by default
 */
public record TlsConfig(Path caBundle, boolean verifyHost) {

    public static final TlsConfig DEFAULT = new TlsConfig(null, true);
}
