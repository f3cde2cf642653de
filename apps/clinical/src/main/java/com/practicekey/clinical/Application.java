package com.practicekey.clinical;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;

@OpenAPIDefinition(info = @Info(title = "PracticeKey clinical-app", version = "0.1.0",
        description = "Clinical (EHR) API of a medical practice: patients, encounters, problems, observations, notes, audit. "
                + "Bearer access tokens of the practicekey realm issued for clinical-app; each endpoint names its permission."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class Application {
    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
