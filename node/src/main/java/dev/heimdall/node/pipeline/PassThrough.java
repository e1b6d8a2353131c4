package dev.heimdall.node.pipeline;

import dev.heimdall.node.upstream.ProviderRuntime;
import dev.heimdall.providers.spi.TargetContext;
import dev.heimdall.providers.spi.UpstreamRequest;

/**
 * When the client and the upstream speak the same wire format, the client's own bytes go upstream (only the model
 * rewritten) and the upstream's bytes come back unchanged: nothing either side sent is lost in translation. The
 * execution still decodes the answer alongside, for usage and for failures.
 */
public interface PassThrough {

    boolean appliesTo(ProviderRuntime provider);

    UpstreamRequest encode(ProviderRuntime provider, TargetContext target);
}
