package com.practicekey.clinical.ui;

import com.practicekey.apps.security.Caller;
import com.practicekey.apps.security.RequiresPermission;
import com.practicekey.apps.web.ApiException;
import com.practicekey.apps.web.PageOf;
import com.practicekey.clinical.Note;
import com.practicekey.clinical.NoteController;
import com.practicekey.clinical.Patient;
import com.practicekey.clinical.PatientController;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import java.net.URI;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The clinical app's pages for browsers: server-rendered HTML, no scripts. Every page is reached
 * with the browser session of {@code practicekey.login} and is guarded exactly like the JSON API
 * ({@code @RequiresPermission}, the same token checks and practice isolation); the work itself is
 * done by the API's controllers, so reads and changes are audited the same way. Refusals are
 * pages too ({@link ClinicalPages}).
 *
 * <p>CSRF: the state-changing page requests are the sign and new-note forms (POST). The session cookie is
 * SameSite=Lax, so other sites' POSTs do not carry it, and {@code SessionFilter} refuses any
 * cookie-authenticated POST whose {@code Origin} is not the app's own (or, without {@code Origin},
 * whose {@code Sec-Fetch-Site} is not {@code same-origin}); there is no form token.
 */
@Controller
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
public class UiController {

    static final int PAGE_SIZE = 20;
    static final int NOTES_SHOWN = 100;

    private final PatientController patients;
    private final NoteController notes;

    public UiController(PatientController patients, NoteController notes) {
        this.patients = patients;
        this.notes = notes;
    }

    /** The start page: to the patients when signed in, else a link to sign in (where sign-out lands). */
    @Get("/")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> start(@Nullable Authentication authentication) {
        if (authentication != null) {
            return HttpResponse.seeOther(URI.create("/ui"));
        }
        return Html.page(HttpStatus.OK, "PracticeKey clinical", null, null,
                "<p>You are not signed in.</p>\n<p><a id=\"sign-in\" href=\"/oauth/login/keycloak?return_to=%2Fui\">Sign in</a></p>\n");
    }

    /** The active practice's patients, by name, {@value #PAGE_SIZE} a page; a page past the last one sends to the last. */
    @Get("/ui")
    @RequiresPermission("clinical.patient.read")
    public MutableHttpResponse<?> patients(@Nullable @QueryValue @Size(max = 100) String name,
                                           @QueryValue(defaultValue = "0") @Min(0) @Max(100000) int page) {
        Caller caller = Caller.current();
        String filter = name == null ? "" : name.trim();
        PageOf<Patient> found = patients.list(filter.isEmpty() ? null : filter, null, null, page, PAGE_SIZE);
        long pages = Math.max(1, (found.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        String query = filter.isEmpty() ? "" : "name=" + Html.url(filter) + "&";
        if (page >= pages) {
            // A page past the last one (an old link, a hand-typed number): the last page, not an empty "Page N of M".
            return HttpResponse.seeOther(URI.create("/ui?" + query + "page=" + (pages - 1)));
        }
        StringBuilder b = new StringBuilder();
        b.append("<form method=\"get\" action=\"/ui\"><label>Name <input name=\"name\" value=\"").append(Html.esc(filter))
                .append("\" maxlength=\"100\"></label> <button type=\"submit\">Search</button></form>\n");
        b.append("<p id=\"count\">").append(found.total()).append(found.total() == 1 ? " patient" : " patients")
                .append(filter.isEmpty() ? "" : " matching &ldquo;" + Html.esc(filter) + "&rdquo;").append("</p>\n");
        b.append("<ul id=\"patients\">\n");
        for (Patient p : found.items()) {
            b.append("<li><a class=\"patient\" href=\"/ui/patients/").append(Html.esc(p.id())).append("\">")
                    .append(Html.esc(displayName(p))).append("</a></li>\n");
        }
        b.append("</ul>\n");
        b.append("<nav>");
        if (page > 0) {
            b.append("<a rel=\"prev\" href=\"/ui?").append(Html.esc(query)).append("page=").append(page - 1).append("\">Previous</a> ");
        }
        b.append("Page ").append(page + 1).append(" of ").append(pages);
        if (page + 1 < pages) {
            b.append(" <a rel=\"next\" href=\"/ui?").append(Html.esc(query)).append("page=").append(page + 1).append("\">Next</a>");
        }
        b.append("</nav>\n");
        return Html.page(HttpStatus.OK, "Patients", caller.practice(), caller.username(), b.toString());
    }

    /** One patient and their notes (when the caller may read notes), each draft with a Sign button. */
    @Get("/ui/patients/{id}")
    @RequiresPermission("clinical.patient.read")
    public MutableHttpResponse<?> patient(UUID id) {
        Caller caller = Caller.current();
        return answer(caller, () -> {
            Patient p = patients.get(id);
            StringBuilder b = new StringBuilder();
            b.append("<p><a href=\"/ui\">All patients</a></p>\n<h2>Notes</h2>\n");
            if (!caller.permissions().contains("clinical.note.read")) {
                b.append("<p id=\"notes-hidden\">Notes are not shown: permission clinical.note.read is required in practice ")
                        .append(Html.esc(caller.practice())).append(".</p>\n");
            } else {
                PageOf<Note> list = notes.list(id, null, null, 0, NOTES_SHOWN);
                if (list.items().isEmpty()) {
                    b.append("<p id=\"no-notes\">No notes.</p>\n");
                } else {
                    b.append("<table id=\"notes\"><thead><tr><th>Title</th><th>Status</th><th>Written</th><th></th></tr></thead><tbody>\n");
                    for (Note n : list.items()) {
                        b.append("<tr class=\"note\" id=\"note-").append(Html.esc(n.id())).append("\"><td class=\"title\">")
                                .append(Html.esc(n.title())).append("</td><td class=\"status\">").append(Html.esc(n.status()))
                                .append("</td><td>").append(Html.esc(n.createdAt())).append("</td><td>");
                        if ("draft".equals(n.status())) {
                            b.append("<form method=\"post\" action=\"/ui/notes/").append(Html.esc(n.id()))
                                    .append("/sign\"><button type=\"submit\">Sign</button></form>");
                        }
                        b.append("</td></tr>\n");
                    }
                    b.append("</tbody></table>\n");
                    if (list.total() > list.items().size()) {
                        b.append("<p>The latest ").append(list.items().size()).append(" of ").append(list.total()).append(" notes.</p>\n");
                    }
                }
            }
            if (caller.permissions().contains("clinical.note.write")) {
                b.append("<h2>New draft note</h2>\n<form id=\"new-note\" method=\"post\" action=\"/ui/patients/")
                        .append(Html.esc(p.id())).append("/notes\">\n")
                        .append("<p><label>Title <input name=\"title\" maxlength=\"200\" required></label></p>\n")
                        .append("<p><label>Text<br><textarea name=\"body\" rows=\"6\" cols=\"60\" maxlength=\"20000\" required></textarea></label></p>\n")
                        .append("<p><button type=\"submit\">Save draft</button></p>\n</form>\n");
            }
            return Html.page(HttpStatus.OK, displayName(p), caller.practice(), caller.username(), b.toString());
        });
    }

    /** The new-note form: saves a draft for the patient, then back to the patient (303). */
    @Post("/ui/patients/{id}/notes")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RequiresPermission("clinical.note.write")
    public MutableHttpResponse<?> writeNote(UUID id, @Nullable String title, @Nullable String body) {
        Caller caller = Caller.current();
        return answer(caller, () -> {
            String t = title == null ? "" : title.trim();
            String text = body == null ? "" : body;
            if (t.isEmpty() || t.length() > 200) {
                throw ApiException.badRequest("title: between 1 and 200 characters");
            }
            if (text.isBlank() || text.length() > 20000) {
                throw ApiException.badRequest("body: between 1 and 20000 characters");
            }
            notes.create(id, new NoteController.NoteInput(null, t, text));
            return HttpResponse.seeOther(URI.create("/ui/patients/" + id));
        });
    }

    /** The Sign button: signs a draft note, then back to its patient (303, so a reload does not post again). */
    @Post("/ui/notes/{id}/sign")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // what an HTML form sends
    @RequiresPermission("clinical.note.sign")
    public MutableHttpResponse<?> sign(UUID id) {
        Caller caller = Caller.current();
        return answer(caller, () -> {
            Note signed = notes.sign(id);
            return HttpResponse.seeOther(URI.create("/ui/patients/" + signed.patientId()));
        });
    }

    /** A refusal of the API's controllers (404, 409, 400) as a page with the same status and message. */
    private static MutableHttpResponse<?> answer(Caller caller, Supplier<MutableHttpResponse<?>> work) {
        try {
            return work.get();
        } catch (ApiException e) {
            return Html.error(e.status(), e.getMessage(), caller.practice(), caller.username());
        }
    }

    private static String displayName(Patient p) {
        return p.familyName() + ", " + p.givenName();
    }
}
