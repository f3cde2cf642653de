package com.practicekey.keycloak.permissions;

import com.practicekey.keycloak.permissions.ActivePractice.Active;
import com.practicekey.keycloak.permissions.ActivePractice.NoPractice;
import com.practicekey.keycloak.permissions.ActivePractice.Outcome;
import com.practicekey.keycloak.permissions.ActivePractice.Refused;
import com.practicekey.keycloak.permissions.ActivePractice.Request;
import com.practicekey.keycloak.permissions.ActivePractice.Requested;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ActivePracticeTest {

    @Test
    void a_requested_practice_of_the_user_is_active() {
        assertThat(ActivePractice.resolve(Request.specific("lakeside"), List.of("riverbend", "lakeside")))
                .isEqualTo(new Active("lakeside"));
    }

    @Test
    void a_requested_practice_the_user_is_not_a_member_of_is_refused() {
        Outcome outcome = ActivePractice.resolve(Request.specific("summit"), List.of("riverbend", "lakeside"));

        assertThat(outcome).isInstanceOf(Refused.class);
        assertThat(((Refused) outcome).message()).contains("'summit'", "not a member");
    }

    @Test
    void a_request_for_two_practices_is_refused_also_when_the_user_is_a_member_of_both() {
        Outcome outcome = ActivePractice.resolve(Request.specific("riverbend", "lakeside"), List.of("riverbend", "lakeside"));

        assertThat(outcome).isInstanceOf(Refused.class);
        assertThat(((Refused) outcome).message()).contains("one practice", "organization:riverbend organization:lakeside");
    }

    @Test
    void the_same_practice_named_twice_is_one_request() {
        assertThat(ActivePractice.resolve(Request.specific("lakeside", "lakeside"), List.of("lakeside")))
                .isEqualTo(new Active("lakeside"));
    }

    @Test
    void a_specific_request_wins_over_an_earlier_pick() {
        Request request = new Request(Requested.SPECIFIC, List.of("riverbend"), "lakeside");

        assertThat(ActivePractice.resolve(request, List.of("riverbend", "lakeside"))).isEqualTo(new Active("riverbend"));
    }

    @Test
    void the_practice_picked_on_the_login_page_is_active() {
        assertThat(ActivePractice.resolve(Request.picked(Requested.ANY, "lakeside"), List.of("lakeside", "riverbend")))
                .isEqualTo(new Active("lakeside"));
    }

    @Test
    void a_picked_practice_the_user_left_is_refused() {
        Outcome outcome = ActivePractice.resolve(Request.picked(Requested.ANY, "lakeside"), List.of("riverbend", "summit"));

        assertThat(outcome).isInstanceOf(Refused.class);
        assertThat(((Refused) outcome).message()).contains("'lakeside'", "sign in again");
    }

    @Test
    void the_only_practice_is_active_however_the_scope_was_requested() {
        for (Requested requested : List.of(Requested.NONE, Requested.ANY, Requested.ALL)) {
            assertThat(ActivePractice.resolve(Request.of(requested), List.of("summit"))).as(requested.name())
                    .isEqualTo(new Active("summit"));
        }
    }

    @Test
    void a_user_of_no_practice_gets_none() {
        for (Requested requested : List.of(Requested.NONE, Requested.ANY, Requested.ALL)) {
            assertThat(ActivePractice.resolve(Request.of(requested), List.of())).isEqualTo(new NoPractice());
        }
    }

    @Test
    void a_user_of_several_practices_who_named_none_is_told_how_to_name_one() {
        Outcome outcome = ActivePractice.resolve(Request.of(Requested.ANY), List.of("riverbend", "lakeside"));

        assertThat(outcome).isInstanceOf(Refused.class);
        assertThat(((Refused) outcome).message()).contains("lakeside, riverbend", "organization:<alias>");
    }

    @Property
    void an_active_practice_is_always_one_the_user_belongs_to(@ForAll("requests") Request request,
                                                             @ForAll("aliasSets") Set<String> memberOf) {
        Outcome outcome = ActivePractice.resolve(request, memberOf);

        if (outcome instanceof Active active) {
            assertThat(memberOf).contains(active.alias());
        }
    }

    @Property
    void a_specific_request_is_honoured_or_refused_never_replaced(@ForAll("aliases") String asked,
                                                                 @ForAll("aliasSets") Set<String> memberOf) {
        Outcome outcome = ActivePractice.resolve(Request.specific(asked), memberOf);

        if (memberOf.contains(asked)) {
            assertThat(outcome).isEqualTo(new Active(asked));
        } else {
            assertThat(outcome).isInstanceOf(Refused.class);
        }
    }

    @Provide
    Arbitrary<String> aliases() {
        return Arbitraries.of("riverbend", "lakeside", "summit", "harbor");
    }

    @Provide
    Arbitrary<Set<String>> aliasSets() {
        return aliases().set().ofMaxSize(4);
    }

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<Requested> kinds = Arbitraries.of(Requested.class);
        Arbitrary<List<String>> asked = aliases().list().ofMaxSize(2);
        Arbitrary<String> picked = aliases().injectNull(0.5);
        return net.jqwik.api.Combinators.combine(kinds, asked, picked)
                .as((kind, names, pick) -> new Request(kind, kind == Requested.SPECIFIC ? names : List.of(), pick));
    }
}
