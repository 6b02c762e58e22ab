package io.switchboard.http;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Every /api error is {@code {"error":{"code","message"}}} with the status its code maps to. */
@Provider
public class ApiError implements ExceptionMapper<ProtocolException> {

    public record Body(Detail error) {
    }

    public record Detail(String code, String message) {
    }

    @Override
    public Response toResponse(ProtocolException e) {
        return of(e.code(), e.getMessage());
    }

    public static Response of(ErrorCode code, String message) {
        return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Body(new Detail(code.wire(), message))).build();
    }
}
