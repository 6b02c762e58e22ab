package io.switchboard.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks the issuer's keys for a token's header: Edwards-curve keys (OKP, Ed25519 and Ed448) for an
 * {@code EdDSA}, {@code Ed25519} or {@code Ed448} token, as the JDK's own public keys, and the other
 * algorithms' keys through Nimbus' selector. Nimbus turns OKP keys into Java keys only with Google
 * Tink on the class path; the JDK (15 and later) verifies Edwards signatures itself, so the WAR
 * does without Tink.
 */
final class EdwardsKeys implements JWSKeySelector<SecurityContext> {
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519, JWSAlgorithm.Ed448);

    // An X.509 SubjectPublicKeyInfo of an Edwards key is a fixed prefix (the curve's OID) and the raw key.
    private static final Map<Curve, byte[]> X509_PREFIX = Map.of(
            Curve.Ed25519, HexFormat.of().parseHex("302a300506032b6570032100"),
            Curve.Ed448, HexFormat.of().parseHex("3043300506032b6571033a00"));

    private final JWSKeySelector<SecurityContext> others;
    private final JWKSource<SecurityContext> keys;

    EdwardsKeys(JWSKeySelector<SecurityContext> others, JWKSource<SecurityContext> keys) {
        this.others = others;
        this.keys = keys;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            return others.selectJWSKeys(header, context);
        }
        JWKMatcher matcher = new JWKMatcher.Builder().keyType(KeyType.OKP).keyID(header.getKeyID())
                .keyUses(KeyUse.SIGNATURE, null).curves(curves(header.getAlgorithm())).build();
        List<Key> found = new ArrayList<>();
        for (JWK jwk : keys.get(new JWKSelector(matcher), context)) {
            PublicKey key = publicKey((OctetKeyPair) jwk);
            if (key != null) {
                found.add(key);
            }
        }
        return found;
    }

    private static Set<Curve> curves(JWSAlgorithm alg) {
        if (alg.equals(JWSAlgorithm.Ed25519)) {
            return Set.of(Curve.Ed25519);
        }
        return alg.equals(JWSAlgorithm.Ed448) ? Set.of(Curve.Ed448) : X509_PREFIX.keySet();
    }

    /** The JDK's key for an OKP JWK, or null for a curve it is not (X25519 keys agree, they do not sign). */
    static PublicKey publicKey(OctetKeyPair jwk) {
        byte[] prefix = X509_PREFIX.get(jwk.getCurve());
        if (prefix == null) {
            return null;
        }
        byte[] x = jwk.getDecodedX();
        byte[] encoded = new byte[prefix.length + x.length];
        System.arraycopy(prefix, 0, encoded, 0, prefix.length);
        System.arraycopy(x, 0, encoded, prefix.length, x.length);
        try {
            return KeyFactory.getInstance(jwk.getCurve().getName()).generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
