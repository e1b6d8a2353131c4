package dev.heimdall.governance.bench;

import dev.heimdall.governance.guardrails.Action;
import dev.heimdall.governance.guardrails.Emission;
import dev.heimdall.governance.guardrails.GuardrailEngine;
import dev.heimdall.governance.guardrails.GuardrailPolicy;
import dev.heimdall.governance.guardrails.StreamScanner;
import dev.heimdall.governance.guardrails.Verdict;
import dev.heimdall.governance.guardrails.secrets.SecretRuleSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.concurrent.TimeUnit;

/**
 * The guardrail scan's cost on prompts of about 2 KB with nothing to find (the common case): secrets and PII on, as
 * {@code guardrails: { secrets: block, pii: redact }} configures. {@code prose} is ordinary business text that
 * still mentions a key, access and an API (so the keyword prefilter lets a few rules run); {@code code} is a
 * pasted configuration and Python snippet full of assignments (the generic rule's worst case without a secret).
 * {@code streamedProse} is the same prose scanned as a streamed response in 20-character chunks. Not part of the
 * test suite (its name does not end in Test); run it like {@code RoutingDecisionBenchmark} (docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GuardrailScanBenchmark {

    static final String PROSE = """
            Hi team, could you help me draft a short update for the quarterly business review? The key points are \
            below. Revenue in the northern region grew by eleven percent compared to the same quarter last year, \
            mostly because the new distribution partner started shipping in March. Customer churn fell slightly, \
            although the enterprise segment still reports that onboarding takes too long. Access to the new \
            analytics dashboard was rolled out to all regional managers, and they have started to use it for their \
            weekly planning. The API integration with the logistics provider is delayed by two weeks because their \
            sandbox was unavailable; the team expects to finish testing before the end of the month. Hiring is on \
            track: four of the six open positions are filled and the remaining two are in final interviews. Costs \
            stayed within budget, with a small overrun in travel that was offset by lower software licence fees. \
            Risks: the supplier contract renewal in the south, the pending data-protection audit, and the \
            migration of the billing system, which depends on the vendor's release schedule. Next steps: finalise \
            the partner agreement, publish the onboarding checklist, and schedule a review of the audit findings \
            with legal. Please keep the tone factual and positive, avoid jargon, use three short sections with \
            headings, and end with a list of decisions we need from the leadership team. It should fit on one page \
            and be readable in under two minutes by someone who has not followed the project closely. Thank you!
            """;

    static final String CODE = """
            Why does this service fail to start? Config and code below.

            server:
              port: 8080
              read_timeout: 30s
              api_version: v2
              auth_mode: oauth
            database:
              host: db.internal
              pool_size: 20
              password_file: /run/secrets/db_password
            cache:
              ttl_seconds: 300
              key_prefix: orders.v2

            import os
            import requests

            API_BASE = os.environ.get("API_BASE", "https://internal.example/api")
            TOKEN_HEADER = "Authorization"

            def fetch_orders(session, customer_id, page_size=50):
                url = f"{API_BASE}/customers/{customer_id}/orders"
                headers = {TOKEN_HEADER: f"Bearer {session.access_token}"}
                response = requests.get(url, headers=headers, params={"limit": page_size}, timeout=10)
                response.raise_for_status()
                return response.json()["items"]

            def refresh(session):
                secret_name = "orders-service/client-credentials"
                creds = session.vault.read(secret_name)
                session.access_token = creds["access_token"]
                session.expires_at = creds["expires_at"]

            The error is: KeyError: 'items' after the token refresh, and the logs show status 200 with an
            empty body. We run three replicas behind the gateway; the problem appears only on one of them.
            """;

    private GuardrailEngine engine;

    @Setup
    public void setUp() {
        engine = new GuardrailEngine(GuardrailPolicy.builder().secrets(Action.BLOCK).pii(Action.REDACT).build(),
                SecretRuleSet.builtIn());
        if (!engine.scan(PROSE).clean() || !engine.scan(CODE).clean()) {
            throw new IllegalStateException("the benchmark prompts must have no findings");
        }
    }

    @Benchmark
    public Verdict prose() {
        return engine.scan(PROSE);
    }

    @Benchmark
    public Verdict code() {
        return engine.scan(CODE);
    }

    @Benchmark
    public int streamedProse() {
        StreamScanner scanner = engine.streamScanner();
        int released = 0;
        for (int i = 0; i < PROSE.length(); i += 20) {
            Emission emission = scanner.push(PROSE.substring(i, Math.min(PROSE.length(), i + 20)));
            released += emission.text().length();
        }
        return released + scanner.finish().text().length();
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(GuardrailScanBenchmark.class.getSimpleName()).build()).run();
    }
}
