package dev.heimdall.governance.store;

/**
 * The kinds of entities the governance store keeps, each as a JSON document under an id. The path segment is the
 * admin API's collection name ({@code /admin/v1/virtual-keys}).
 */
public enum EntityKind {
    PROVIDER("providers"),
    MODEL_ALIAS("models"),
    ROUTING_RULE("routing-rules"),
    CUSTOMER("customers"),
    TEAM("teams"),
    VIRTUAL_KEY("virtual-keys"),
    ACCESS_PROFILE("access-profiles"),
    GUARDRAIL_POLICY("guardrail-policies");

    private final String path;

    EntityKind(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
