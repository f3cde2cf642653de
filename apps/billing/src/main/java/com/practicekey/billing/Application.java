package com.practicekey.billing;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;

@OpenAPIDefinition(info = @Info(title = "PracticeKey billing-app", version = "0.1.0",
        description = "Billing (practice management) API of a medical practice: patients, coverage, claims, payments, balances, audit. "
                + "Bearer access tokens of the practicekey realm issued for billing-app; each endpoint names its permission."))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class Application {
    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
