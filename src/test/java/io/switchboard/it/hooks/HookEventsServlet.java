package io.switchboard.it.hooks;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Shows the test what {@link RecordingObserver} heard: one event a line ({@code ?of=occupied}: those channels). */
@WebServlet("/test/hooks")
public class HookEventsServlet extends HttpServlet {
    @Inject
    RecordingObserver observer;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(String.join("\n", "occupied".equals(req.getParameter("of")) ? observer.occupied() : observer.seen()));
    }
}
