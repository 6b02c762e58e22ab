package io.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A hub that trusts an external issuer only: its JWKS is served by this test (keys made here), its
 * tokens carry roles in Keycloak's nested claim. RS256, ES256 and EdDSA tokens open sessions with the
 * roles' grants; a wrong audience and an unknown kid do not; a key the issuer rotates in is found
 * by its kid; a live session refreshes to another of the issuer's tokens.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JwksIT {
    private static final String ISS = "https://id.example.test/realms/hub";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final RSAKey RSA = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
    private static final ECKey EC = generate(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());
    private static final KeyPair ED = generate(() -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    // The raw Ed25519 key is the last 32 bytes of its X.509 encoding.
    private static final JWK ED_JWK = new OctetKeyPair.Builder(Curve.Ed25519,
            Base64URL.encode(Arrays.copyOfRange(ED.getPublic().getEncoded(), 12, 44))).keyID("ed-1").build();
    private static final AtomicReference<JWKSet> PUBLISHED = new AtomicReference<>(new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK(), ED_JWK)));
    private static final HttpServer ISSUER = serveKeys();

    @ArquillianResource
    URL base;

    private interface Make<T> {
        T make() throws Exception;
    }

    private static <T> T generate(Make<T> m) {
        try {
            return m.make();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer serveKeys() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks", exchange -> {
                byte[] body = PUBLISHED.get().toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.hubWith("switchboard.auth.jwks=http://127.0.0.1:" + ISSUER.getAddress().getPort() + "/jwks",
                "switchboard.auth.issuer=" + ISS, "switchboard.auth.audience=switchboard",
                "switchboard.auth.rolesClaim=realm_access.roles",
                "switchboard.auth.role.ops=publish:/**;subscribe:/**",
                "switchboard.auth.role.viewer=subscribe:/news/**");
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.stop(0);
    }

    private static String token(JWSSigner signer, JWSAlgorithm alg, JWK key, String user, List<String> roles, String audience)
            throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISS).subject(user).audience(audience)
                .expirationTime(new Date(System.currentTimeMillis() + 600_000))
                .claim("realm_access", Map.of("roles", roles)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** An EdDSA token signed by the JDK (Nimbus signs EdDSA only with Tink, which the build does not carry). */
    private static String ed25519(String user, List<String> roles) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISS).subject(user).audience("switchboard")
                .expirationTime(new Date(System.currentTimeMillis() + 600_000))
                .claim("realm_access", Map.of("roles", roles)).build();
        String input = new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID("ed-1").type(JOSEObjectType.JWT).build().toBase64URL()
                + "." + Base64URL.encode(claims.toString());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(ED.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64URL.encode(signer.sign());
    }

    private static String rs256(String user, List<String> roles) throws Exception {
        return token(new RSASSASigner(RSA), JWSAlgorithm.RS256, RSA, user, roles, "switchboard");
    }

    /** The first frame the hub answers a hello with this token. */
    private JsonObject helloWith(WsClient c, String token) {
        c.send("{'op':'hello','token':'" + token + "'}");
        return c.next();
    }

    @Test
    void rs256Es256AndEdDsaTokensOpenSessionsWithTheirNestedRolesGrants() throws Exception {
        try (WsClient ops = WsClient.connect(Deployments.ws(base, "ws"))) {
            assertThat(helloWith(ops, rs256("alice", List.of("ops"))).getString("op")).isEqualTo("welcome");
            ops.send("{'op':'pub','ch':'/anything','data':1,'id':'p'}");
            assertThat(ops.nextOp("ok").getString("id")).isEqualTo("p");
        }
        try (WsClient viewer = WsClient.connect(Deployments.ws(base, "ws"))) {
            String es = token(new ECDSASigner(EC), JWSAlgorithm.ES256, EC, "vic", List.of("viewer"), "switchboard");
            assertThat(helloWith(viewer, es).getString("op")).isEqualTo("welcome");
            viewer.send("{'op':'pub','ch':'/news/x','data':1,'id':'p'}");
            assertThat(viewer.nextOp("error").getJsonObject("error").getString("code")).as("viewer may not publish").isEqualTo("forbidden");
        }
        try (WsClient edwards = WsClient.connect(Deployments.ws(base, "ws"))) {
            assertThat(helloWith(edwards, ed25519("eve", List.of("ops"))).getString("op")).isEqualTo("welcome");
            edwards.send("{'op':'pub','ch':'/anything','data':1,'id':'p'}");
            assertThat(edwards.nextOp("ok").getString("id")).isEqualTo("p");
        }
        HttpResponse<String> noUsers = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/token"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noUsers.statusCode()).as("no users of its own: no tokens of its own").isEqualTo(404);
    }

    @Test
    void aWrongAudienceOrAnUnknownKidIsUnauthorized() throws Exception {
        try (WsClient c = WsClient.connect(Deployments.ws(base, "ws"))) {
            String other = token(new RSASSASigner(RSA), JWSAlgorithm.RS256, RSA, "alice", List.of("ops"), "another-app");
            assertThat(helloWith(c, other).getJsonObject("error").getString("code")).isEqualTo("unauthorized");
            assertThat(c.awaitClose()).isEqualTo(1008);
        }
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-unknown").generate();
        try (WsClient c = WsClient.connect(Deployments.ws(base, "ws"))) {
            String unknown = token(new RSASSASigner(stranger), JWSAlgorithm.RS256, stranger, "alice", List.of("ops"), "switchboard");
            assertThat(helloWith(c, unknown).getJsonObject("error").getString("code")).isEqualTo("unauthorized");
            assertThat(c.awaitClose()).isEqualTo(1008);
        }
        HttpResponse<String> api = HTTP.send(HttpRequest.newBuilder(Deployments.http(base, "api/publish/x"))
                .header("Authorization", "Bearer " + token(new RSASSASigner(RSA), JWSAlgorithm.RS256, RSA, "alice", List.of("ops"), "another-app"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
    }

    /** The issuer rotates to a new key; the hub fetches its JWKS again for the new kid (at most once a second). */
    @Test
    void aKeyRotatedInIsFoundByItsKidAndALiveSessionRefreshesToIt() throws Exception {
        RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        try (WsClient live = WsClient.connect(Deployments.ws(base, "ws"))) {
            assertThat(helloWith(live, rs256("alice", List.of("ops"))).getString("op")).isEqualTo("welcome");
            PUBLISHED.set(new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK(), ED_JWK, next.toPublicJWK())));
            String rotated = token(new RSASSASigner(next), JWSAlgorithm.RS256, next, "alice", List.of("ops"), "switchboard");
            // The cause waited for: the hub's next fetch of the JWKS (its rate limit allows one a second).
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try (WsClient c = WsClient.connect(Deployments.ws(base, "ws"))) {
                    return "welcome".equals(helloWith(c, rotated).getString("op"));
                }
            });
            live.send("{'op':'refresh','token':'" + rotated + "','id':'r'}");
            JsonObject ok = live.nextOp("ok");
            assertThat(ok.getString("id")).isEqualTo("r");
            assertThat(ok.getJsonNumber("expires").longValue()).isGreaterThan(System.currentTimeMillis());
        }
    }
}
