package dev.heimdall.node.upstream;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * Trust for upstream TLS: the JVM's system trust store plus, optionally, a PEM bundle of extra CAs (a corporate or
 * on-prem CA). Both stay trusted: an added CA must not silently drop the public ones, as replacing the trust store
 * would.
 */
public final class UpstreamTls {

    private UpstreamTls() {
    }

    public static TrustManagerFactory systemPlus(Path caBundle) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            int n = 0;
            for (var tm : system.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("system-" + n++, ca);
                    }
                }
            }
            Collection<? extends Certificate> extra;
            try (InputStream in = Files.newInputStream(caBundle)) {
                extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (extra.isEmpty()) {
                throw new IllegalArgumentException(caBundle + ": no certificate found in the CA bundle");
            }
            for (Certificate ca : extra) {
                store.setCertificateEntry("bundle-" + n++, ca);
            }
            TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            combined.init(store);
            return combined;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(caBundle + ": cannot load the CA bundle: " + e.getMessage(), e);
        }
    }
}
