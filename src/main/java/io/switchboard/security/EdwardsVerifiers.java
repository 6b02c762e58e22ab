package io.switchboard.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.util.HashSet;
import java.util.Set;

/**
 * Makes the verifier for a token and the key {@link EdwardsKeys} picked: the JDK's EdDSA
 * signature for an Edwards-curve key, Nimbus' own verifiers for the rest.
 */
final class EdwardsVerifiers implements JWSVerifierFactory {
    private final DefaultJWSVerifierFactory others = new DefaultJWSVerifierFactory();

    @Override
    public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
        if (!EdwardsKeys.ALGORITHMS.contains(header.getAlgorithm())) {
            return others.createJWSVerifier(header, key);
        }
        if (!(key instanceof EdECPublicKey edwards)) {
            throw new JOSEException("not an Edwards-curve key: " + key.getAlgorithm());
        }
        return new JdkVerifier(edwards);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        Set<JWSAlgorithm> all = new HashSet<>(others.supportedJWSAlgorithms());
        all.addAll(EdwardsKeys.ALGORITHMS);
        return all;
    }

    @Override
    public JCAContext getJCAContext() {
        return others.getJCAContext();
    }

    /** Verifies one EdDSA signature with the key's own curve (the JDK names it "Ed25519" or "Ed448"). */
    private static final class JdkVerifier implements JWSVerifier {
        private final PublicKey key;
        private final JCAContext jca = new JCAContext();

        JdkVerifier(PublicKey key) {
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            try {
                Signature verifier = Signature.getInstance(((EdECPublicKey) key).getParams().getName());
                verifier.initVerify(key);
                verifier.update(signingInput);
                return verifier.verify(signature.decode());
            } catch (GeneralSecurityException e) {
                return false; // a malformed signature is a wrong one
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return EdwardsKeys.ALGORITHMS;
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }
}
