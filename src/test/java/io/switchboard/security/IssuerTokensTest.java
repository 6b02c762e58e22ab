package io.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.SignedJWT;
import io.switchboard.auth.Grants;
import io.switchboard.auth.Identity;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Tokens of an external issuer: its keys by kid, its iss and aud, roles from a (nested) claim. */
class IssuerTokensTest {
    private static final String ISS = "https://id.example.test/realms/hub";
    private final RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    private final ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())));
    private final JWKSource<SecurityContext> keys = (selector, context) -> selector.select(published.get());
    private final IssuerTokens tokens = new IssuerTokens(keys, ISS, "switchboard", "realm_access.roles",
            Grants.parse(Map.of("ops", "publish:/**;subscribe:/**")));

    IssuerTokensTest() throws Exception {
    }

    private static String token(JWSSigner signer, JWSAlgorithm alg, JWK key, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISS).subject("alice").audience("switchboard")
                .expirationTime(new Date(System.currentTimeMillis() + 600_000))
                .claim("realm_access", Map.of("roles", List.of("ops", "offline_access")));
    }

    @Test
    void rs256AndEs256TokensOfTheIssuerNameTheUserTheirNestedRolesAndExpiry() throws Exception {
        Identity byRsa = tokens.verify(token(new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa, claims()));
        assertThat(byRsa.user()).isEqualTo("alice");
        assertThat(byRsa.roles()).containsExactlyInAnyOrder("ops", "offline_access");
        assertThat(byRsa.expiresAt()).isGreaterThan(System.currentTimeMillis());
        Identity byEc = tokens.verify(token(new ECDSASigner(ec), JWSAlgorithm.ES256, ec, claims()));
        assertThat(byEc.user()).isEqualTo("alice");
    }

    @Test
    void aWrongAudienceIssuerKidSignatureOrAlgorithmAndAnExpiredTokenAreRefused() throws Exception {
        RSASSASigner signer = new RSASSASigner(rsa);
        assertThat(tokens.verify(token(signer, JWSAlgorithm.RS256, rsa, claims().audience("another-app")))).isNull();
        assertThat(tokens.verify(token(signer, JWSAlgorithm.RS256, rsa, claims().issuer("https://evil.test")))).isNull();
        assertThat(tokens.verify(token(signer, JWSAlgorithm.RS256, rsa, claims()
                .expirationTime(new Date(System.currentTimeMillis() - 120_000))))).isNull();
        assertThat(tokens.verify(token(signer, JWSAlgorithm.RS256, rsa, claims().subject(null)))).as("no subject").isNull();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        assertThat(tokens.verify(token(new RSASSASigner(stranger), JWSAlgorithm.RS256, stranger, claims()))).as("same kid, other key").isNull();
        RSAKey unknown = new RSAKeyGenerator(2048).keyID("rsa-9").generate();
        assertThat(tokens.verify(token(new RSASSASigner(unknown), JWSAlgorithm.RS256, unknown, claims()))).as("unknown kid").isNull();
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        assertThat(tokens.verify(token(new MACSigner(secret), JWSAlgorithm.HS256, rsa, claims()))).as("HS256 is not the issuer's").isNull();
        assertThat(tokens.verify("not.a.token")).isNull();
    }

    @Test
    void keysRotatedByTheIssuerAreFollowedByKid() throws Exception {
        RSAKey next = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
        String nextToken = token(new RSASSASigner(next), JWSAlgorithm.RS256, next, claims());
        assertThat(tokens.verify(nextToken)).isNull();
        published.set(new JWKSet(List.of(next.toPublicJWK())));
        assertThat(tokens.verify(nextToken).user()).isEqualTo("alice");
        assertThat(tokens.verify(token(new RSASSASigner(rsa), JWSAlgorithm.RS256, rsa, claims()))).as("the retired key").isNull();
    }

    @Test
    void edDsaTokensAreVerifiedByTheJdkOnEd25519AndEd448Keys() throws Exception {
        KeyPair ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        published.set(new JWKSet(List.of(okp(Curve.Ed25519, ed25519, "ed-1"), okp(Curve.Ed448, ed448, "ed-2"))));
        assertThat(tokens.verify(edToken(ed25519, "EdDSA", "ed-1", claims())).user()).isEqualTo("alice");
        assertThat(tokens.verify(edToken(ed25519, "Ed25519", "ed-1", claims())).roles()).contains("ops");
        assertThat(tokens.verify(edToken(ed448, "EdDSA", "ed-2", claims())).user()).isEqualTo("alice");
        assertThat(tokens.verify(edToken(ed448, "Ed448", "ed-2", claims())).user()).isEqualTo("alice");

        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThat(tokens.verify(edToken(stranger, "EdDSA", "ed-1", claims()))).as("same kid, other key").isNull();
        assertThat(tokens.verify(edToken(ed25519, "EdDSA", "ed-9", claims()))).as("unknown kid").isNull();
        assertThat(tokens.verify(edToken(ed448, "Ed25519", "ed-2", claims()))).as("Ed25519 names the other curve").isNull();
        assertThat(tokens.verify(edToken(ed25519, "EdDSA", "ed-1", claims().audience("another-app")))).isNull();
    }

    private static OctetKeyPair okp(Curve curve, KeyPair pair, String kid) {
        byte[] spki = pair.getPublic().getEncoded();
        int length = curve == Curve.Ed25519 ? 32 : 57; // the raw key ends the X.509 encoding
        return new OctetKeyPair.Builder(curve, Base64URL.encode(Arrays.copyOfRange(spki, spki.length - length, spki.length)))
                .keyID(kid).build();
    }

    /** A token signed by the JDK (Nimbus signs EdDSA only with Tink, which the build does not carry). */
    private static String edToken(KeyPair pair, String alg, String kid, JWTClaimsSet.Builder claims) throws Exception {
        String input = new JWSHeader.Builder(JWSAlgorithm.parse(alg)).keyID(kid).type(JOSEObjectType.JWT).build().toBase64URL()
                + "." + Base64URL.encode(claims.build().toString());
        Signature signer = Signature.getInstance(pair.getPrivate().getAlgorithm());
        signer.initSign(pair.getPrivate());
        signer.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64URL.encode(signer.sign());
    }

    @Test
    void rolesComeFromAListOrASpaceSeparatedStringAtAnyPath() {
        assertThat(IssuerTokens.roles(Map.of("roles", List.of("a", "b")), "roles")).containsExactlyInAnyOrder("a", "b");
        assertThat(IssuerTokens.roles(Map.of("scope", "read write"), "scope")).containsExactlyInAnyOrder("read", "write");
        assertThat(IssuerTokens.roles(Map.of("a", Map.of("b", Map.of("c", List.of("x")))), "a.b.c")).containsExactly("x");
        assertThat(IssuerTokens.roles(Map.of("a", "flat"), "a.b")).isEmpty();
        assertThat(IssuerTokens.roles(Map.of(), "roles")).isEmpty();
    }
}
