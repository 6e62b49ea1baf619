package io.jasyncio.streams;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's
 * keytool in a directory of the test: the PKCS12 key store, the certificate in PEM (for curl and
 * openssl), the private key in PEM (for openssl s_server), and SSL contexts for both sides.
 */
final class TestCertificates {
    static final String PASSWORD = "changeit";

    final Path keyStore;
    final Path certPem;
    final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.keyStore = dir.resolve("server.p12");
        this.certPem = dir.resolve("cert.pem");
    }

    /** Makes the key pair and certificate in {@code dir}, with keytool. */
    static TestCertificates create(Path dir) throws IOException, InterruptedException {
        return create(dir, "server", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
    }

    static TestCertificates create(Path dir, String alias, String dname, String san)
            throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(dir);
        String keytool =
                Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        run(
                keytool,
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-ext",
                san,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                c.keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        run(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                alias,
                "-keystore",
                c.keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                c.certPem.toString());
        return c;
    }

    /** The private key in PEM, for openssl s_server (made by openssl from the PKCS12 store). */
    Path keyPem() throws IOException, InterruptedException {
        Path key = dir.resolve("key.pem");
        if (!Files.exists(key)) {
            run(
                    "openssl",
                    "pkcs12",
                    "-in",
                    keyStore.toString(),
                    "-nodes",
                    "-nocerts",
                    "-passin",
                    "pass:" + PASSWORD,
                    "-out",
                    key.toString());
        }
        return key;
    }

    /** A server context presenting the certificate. */
    SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client context trusting only this certificate. */
    SSLContext clientContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = ks.getCertificate(ks.aliases().nextElement());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Runs a command to its end; fails with its output if it exits non-zero. */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(Arrays.toString(command) + " exited " + p.exitValue() + ":\n" + out);
        }
        return out;
    }

    /** True if {@code program} is on the PATH. */
    static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Paths.get(d, program))) {
                return true;
            }
        }
        return false;
    }

    static List<String> list(String... items) {
        return new ArrayList<>(Arrays.asList(items));
    }
}
