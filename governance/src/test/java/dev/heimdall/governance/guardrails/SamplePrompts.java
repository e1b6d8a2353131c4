package dev.heimdall.governance.guardrails;

import java.util.List;

/** Prompts with nothing a guardrail should find, for tests and the scan benchmark. */
public final class SamplePrompts {

    /**
     * Ordinary business text, about 2 KB, that still mentions a key, access and an API, so the keyword prefilter
     * lets a few secret rules run.
     */
    public static final String PROSE = """
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
            and be readable in under two minutes by someone who has not followed the project closely. For context, \
            last quarter's update was criticised for being too long and for mixing operational detail with \
            strategy, so please keep the two apart: the first section should cover results, the second the risks \
            and what we are doing about them, and the third the decisions. If a number is uncertain, say so rather \
            than rounding it up. The audience includes the new finance director, who joined in September and has \
            asked for a clearer link between the regional figures and the annual plan. Thank you!
            """;

    /**
     * A pasted configuration and Python snippet, about 2 KB, full of assignments to names such as token, secret and
     * password: the generic secret rule's worst case without a secret.
     */
    public static final String CODE = """
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

            def main():
                session = Session.from_environment()
                for customer_id in load_customer_ids("customers.csv"):
                    try:
                        orders = fetch_orders(session, customer_id)
                    except requests.HTTPError as error:
                        if error.response.status_code == 401:
                            refresh(session)
                            orders = fetch_orders(session, customer_id)
                        else:
                            raise
                    write_report(customer_id, orders, path="reports/")

            The error is: KeyError: 'items' after the token refresh, and the logs show status 200 with an
            empty body. We run three replicas behind the gateway; the problem appears only on one of them.
            """;

    public static final List<String> ALL = List.of(PROSE, CODE);

    private SamplePrompts() {
    }
}
