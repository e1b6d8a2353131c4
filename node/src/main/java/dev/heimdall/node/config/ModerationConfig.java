package dev.heimdall.node.config;

import dev.heimdall.governance.guardrails.ModerationPolicy;

import java.net.URI;

/**
 * An external moderation check in the shape of OpenAI's {@code POST /v1/moderations}: either an endpoint of its own
 * ({@code url}, called without credentials) or a configured provider's ({@code provider}: its base URL plus
 * {@code /v1/moderations}, authenticated with its first key). Exactly one of the two is set.
 *
 * @param policy what the check's answer means: block or flag, the timeout, fail open or closed
 */
public record ModerationConfig(URI url, String provider, ModerationPolicy policy) {

    public ModerationConfig {
        if ((url == null) == (provider == null)) {
            throw new IllegalArgumentException("a moderation check needs exactly one of url and provider");
        }
    }
}
