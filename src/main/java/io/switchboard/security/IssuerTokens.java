package io.switchboard.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.switchboard.auth.Authenticator;
import io.switchboard.auth.Grants;
import io.switchboard.auth.Identity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Tokens of an external issuer (an identity provider: Keycloak, Auth0, a company's own): signed
 * with RS256, RS384, RS512, PS256, ES256/384/512 or EdDSA (Ed25519, Ed448) by a key of the issuer's
 * JWKS, picked by the token's {@code kid}. A JWKS at a URL is cached and fetched again when a token names a
 * {@code kid} it does not hold (at most once a second), so the issuer may rotate its keys. The
 * token must carry the configured issuer ({@code iss}), audience ({@code aud}, if configured), a
 * subject (the user) and an expiry; its roles come from a claim, which may be nested
 * ({@code realm_access.roles}) and hold a list or a space-separated string. Roles are the hub's
 * own ({@code switchboard.auth.role.*}): a role the hub does not know grants nothing.
 */
public final class IssuerTokens implements Authenticator {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    private static final long KEY_REFETCH_MIN_MS = 1_000;

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String rolesClaim;
    private final Grants grants;

    public IssuerTokens(JWKSource<SecurityContext> keys, String issuer, String audience, String rolesClaim, Grants grants) {
        processor.setJWSKeySelector(new EdwardsKeys(new JWSVerificationKeySelector<>(ALGORITHMS, keys), keys));
        processor.setJWSVerifierFactory(new EdwardsVerifiers());
        // Mutable sets: the verifier asks them whether they contain null, which Set.of refuses to answer.
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience == null ? null : new HashSet<>(Set.of(audience)),
                new JWTClaimsSet.Builder().issuer(issuer).build(), new HashSet<>(Set.of("sub", "exp")), new HashSet<>()));
        this.rolesClaim = rolesClaim;
        this.grants = grants;
    }

    /** The issuer's keys: an {@code http(s)} URL (cached, fetched again for an unknown kid) or {@code file:} path. */
    public static JWKSource<SecurityContext> keysAt(String location) {
        try {
            if (location.startsWith("file:")) {
                return new ImmutableJWKSet<>(JWKSet.load(Path.of(location.substring(5)).toFile()));
            }
            return JWKSourceBuilder.<SecurityContext>create(URI.create(location).toURL())
                    .rateLimited(KEY_REFETCH_MIN_MS).retrying(true).build();
        } catch (IOException | ParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("switchboard.auth.jwks: cannot read a JWKS at " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Identity verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            return new Identity(claims.getSubject(), roles(claims.getClaims(), rolesClaim), claims.getExpirationTime().getTime());
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Grants grants() {
        return grants;
    }

    /** The roles at a dotted claim path: a list of strings, or one string of space-separated roles. */
    static Set<String> roles(Map<String, Object> claims, String path) {
        Object at = claims;
        for (String part : path.split("\\.")) {
            if (!(at instanceof Map<?, ?> m)) {
                return Set.of();
            }
            at = m.get(part);
        }
        Set<String> roles = new HashSet<>();
        if (at instanceof Collection<?> list) {
            list.forEach(r -> {
                if (r instanceof String s) {
                    roles.add(s);
                }
            });
        } else if (at instanceof String s) {
            for (String r : s.trim().split("\\s+")) {
                if (!r.isEmpty()) {
                    roles.add(r);
                }
            }
        }
        return roles;
    }
}
