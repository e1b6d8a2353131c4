package dev.heimdall.node.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heimdall.governance.store.EntityKind;
import dev.heimdall.governance.store.StoredEntity;

/**
 * Providers: documents in the YAML file's own field names whose secrets are write-only (see
 * {@link ProviderSecrets}). Only the admin role may set a secret or send the stored ones elsewhere (another base
 * URL, region, proxy or trust store); an operator may change everything else.
 */
final class ProviderType implements EntityType {

    private final RoutingCheck check;

    ProviderType(RoutingCheck check) {
        this.check = check;
    }

    @Override
    public EntityKind kind() {
        return EntityKind.PROVIDER;
    }

    @Override
    public void dropReadOnly(ObjectNode body) {
        ProviderSecrets.dropReadOnly(body);
    }

    @Override
    public Prepared prepare(String id, ObjectNode body, StoredEntity current, WriteContext context) {
        ObjectNode stored = current == null ? null : AdminJson.document(current);
        if (ProviderSecrets.setsSecrets(body) || stored != null && ProviderSecrets.redirectsSecrets(body, stored)) {
            context.who().require(AdminAction.WRITE_PROVIDER_SECRETS);
        }
        if (stored != null) {
            ProviderSecrets.keepStored(body, stored);
        }
        check.check(context.store(), EntityKind.PROVIDER, id, body);
        return new Prepared(body, null);
    }

    @Override
    public ObjectNode view(StoredEntity stored) {
        return ProviderSecrets.redact(AdminJson.document(stored));
    }

    @Override
    public void checkDelete(String id, WriteContext context) {
        check.check(context.store(), EntityKind.PROVIDER, id, null);
    }
}
