package io.switchboard.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Grants;
import io.switchboard.auth.Identity;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.function.LongSupplier;

/** HS256-signed JWTs (Nimbus JOSE+JWT): subject = user, claim {@code roles}, expiry. */
public final class JwtAuthenticator implements Authenticator {
    private static final String ISSUER = "switchboard";

    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Grants grants;
    private final long ttlMillis;
    private final LongSupplier clock;

    public record Issued(String token, Instant expires) {
    }

    public JwtAuthenticator(byte[] secret, Grants grants, long ttlMillis, LongSupplier clock) {
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("switchboard.auth.secret must be at least 32 bytes", e);
        }
        this.grants = grants;
        this.ttlMillis = ttlMillis;
        this.clock = clock;
    }

    public Issued issue(String user, java.util.Set<String> roles) {
        long now = clock.getAsLong();
        // A JWT's exp has whole seconds: the expiry told to the client is the one the token carries.
        Instant expires = Instant.ofEpochMilli(now + ttlMillis).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(user).claim("roles", List.copyOf(roles))
                .issueTime(new Date(now)).expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a token failed", e);
        }
        return new Issued(jwt.serialize(), expires);
    }

    @Override
    public Identity verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return null;
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Date exp = c.getExpirationTime();
            if (!ISSUER.equals(c.getIssuer()) || c.getSubject() == null || exp == null
                    || exp.getTime() <= clock.getAsLong()) {
                return null;
            }
            return new Identity(c.getSubject(), new HashSet<>(c.getStringListClaim("roles")), exp.getTime());
        } catch (ParseException | JOSEException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Grants grants() {
        return grants;
    }
}
