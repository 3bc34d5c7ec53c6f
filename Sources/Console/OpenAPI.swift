/// The API's contract, served at /api/v1/openapi.yaml. Hand-written; ConsoleTests checks that every path it
/// lists answers, and that every API route is listed.
enum OpenAPI {
    static let paths = ["/health", "/openapi.yaml", "/weeks", "/weeks/{id}", "/weeks/{id}/solve", "/jobs/{job}", "/plans/{plan}",
                        "/plans/{plan}/export", "/plans/{plan}/accept", "/ledger"]

    static let document = """
    openapi: 3.0.3
    info:
      title: CommunityMatch console API
      version: "1"
      description: >
        The street office's console (cmatch serve) and the same operations for other systems: upload a week's
        lists, check them, plan the week in the background, read the plan and its exports, accept it into the
        ledger. Started with --token, every request needs `Authorization: Bearer TOKEN`. Requests that change
        something and carry an Origin header must come from the console's own origin. No CORS headers are sent.
    servers:
      - url: /api/v1
    components:
      securitySchemes:
        token:
          type: http
          scheme: bearer
      schemas:
        Error:
          type: object
          properties: {error: {type: string}}
          required: [error]
        Diagnostic:
          type: object
          properties:
            file: {type: string, description: "the list file (workbook sheet as FILE.xlsx:SHEET)"}
            line: {type: integer, description: "1-based row; 0 when the problem is the whole file"}
            column: {type: integer, description: "1-based column; 0 when the problem is the whole row or file"}
            message: {type: string, description: "the words of cmatch validate (Chinese; ?lang=en for English)"}
            severity: {type: string, enum: [error, warning]}
          required: [file, line, column, message]
        Diagnostics:
          type: object
          properties:
            diagnostics: {type: array, items: {$ref: "#/components/schemas/Diagnostic"}}
          required: [diagnostics]
        Job:
          type: object
          properties:
            id: {type: string}
            week: {type: string}
            kind: {type: string, enum: [solve, replan]}
            state: {type: string, enum: [queued, running, done, failed]}
            state_text: {type: string}
            progress:
              type: object
              properties:
                phase: {type: string}
                elapsed_seconds: {type: number}
            plan: {type: string, nullable: true, description: "the plan id once done"}
            error: {type: string}
          required: [id, state, progress, plan]
        PlanSummary:
          type: object
          properties:
            id: {type: string}
            week: {type: string}
            scenario: {type: string}
            iso_week: {type: string}
            status: {type: string}
            verified: {type: boolean}
            from: {type: string, description: "the plan this one re-planned"}
            kpis:
              type: object
              properties:
                tasks: {type: integer}
                covered: {type: integer}
                covered_value: {type: number}
                unmet: {type: integer}
                assignments: {type: integer}
                members_serving: {type: integer}
                hours: {type: number}
                pledge_shortfall: {type: number}
            levels:
              type: array
              items:
                type: object
                properties:
                  level: {type: string}
                  value: {type: number}
                  bound: {type: number}
                  gap: {type: number}
                  optimal: {type: boolean}
          required: [id, week, kpis, levels]
    security:
      - {}
      - token: []
    paths:
      /health:
        get:
          summary: The server is up.
          responses:
            "200": {description: OK, content: {application/json: {schema: {type: object, properties: {status: {type: string}, version: {type: string}}}}}}
      /openapi.yaml:
        get:
          summary: This document.
          responses:
            "200": {description: OK, content: {application/yaml: {}}}
      /weeks:
        get:
          summary: The weeks in the workspace, newest first.
          responses:
            "200": {description: OK, content: {application/json: {}}}
        post:
          summary: A new week from uploaded lists.
          description: >
            Parts named `files`, each with its file name: communities.csv, members.csv, units.csv, needs.csv,
            resources.csv, projects.csv, travel.csv, pins.csv, scenario.yaml, one .xlsx workbook, or a .zip of
            them. Names are reduced to their last component; other names are dropped (reported as warnings).
            At most 20 files, 8 MB a file, 16 MB an upload.
          requestBody:
            required: true
            content:
              multipart/form-data:
                schema:
                  type: object
                  properties:
                    files: {type: array, items: {type: string, format: binary}}
          responses:
            "201":
              description: The week was stored; its warnings, if any.
              content: {application/json: {schema: {type: object, properties: {id: {type: string}, diagnostics: {type: array, items: {$ref: "#/components/schemas/Diagnostic"}}}, required: [id]}}}
            "400": {description: Not multipart, or no files, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            "413": {description: Too many or too large files, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            "422": {description: The lists have errors; nothing was stored, content: {application/json: {schema: {$ref: "#/components/schemas/Diagnostics"}}}}
      /weeks/{id}:
        parameters: [{name: id, in: path, required: true, schema: {type: string}}]
        get:
          summary: A week, its check and its plans.
          responses:
            "200": {description: OK, content: {application/json: {}}}
            "404": {description: No such week, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
      /weeks/{id}/solve:
        parameters: [{name: id, in: path, required: true, schema: {type: string}}]
        post:
          summary: Plan the week in the background (one solve at a time; while one of this week is queued or running, that job is returned).
          responses:
            "202": {description: Queued, content: {application/json: {schema: {type: object, properties: {job: {type: string}}, required: [job]}}}}
            "404": {description: No such week, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            "422": {description: The week's lists have errors, content: {application/json: {schema: {$ref: "#/components/schemas/Diagnostics"}}}}
      /jobs/{job}:
        parameters: [{name: job, in: path, required: true, schema: {type: string}}]
        get:
          summary: A job's state and progress, and its plan once done.
          responses:
            "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Job"}}}}
            "404": {description: No such job, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
      /plans/{plan}:
        parameters: [{name: plan, in: path, required: true, schema: {type: string}}]
        get:
          summary: A plan's summary and KPIs.
          responses:
            "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/PlanSummary"}}}}
            "404": {description: No such plan, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
      /plans/{plan}/export:
        parameters:
          - {name: plan, in: path, required: true, schema: {type: string}}
          - {name: format, in: query, required: true, schema: {type: string, enum: [xlsx, csv, json, ics, html]}}
          - {name: lang, in: query, required: false, schema: {type: string, enum: [zh, en]}}
        get:
          summary: The plan as cmatch export writes it (csv is the assignments table).
          responses:
            "200":
              description: The file
              content:
                application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: {}
                text/csv: {}
                application/json: {}
                text/calendar: {}
                text/html: {}
            "400": {description: Unknown format, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            "404": {description: No such plan, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
      /plans/{plan}/accept:
        parameters:
          - {name: plan, in: path, required: true, schema: {type: string}}
          - {name: replace, in: query, required: false, schema: {type: boolean}}
        post:
          summary: Record the plan in the ledger (cmatch accept).
          responses:
            "200": {description: Recorded, content: {application/json: {schema: {type: object, properties: {outcome: {type: string, enum: [recorded, already_recorded, replaced]}}}}}}
            "404": {description: No such plan, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            "409": {description: Refused (another plan of the week was accepted; give replace=true), content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
      /ledger:
        get:
          summary: The time-bank balances of every member over all accepted weeks.
          responses:
            "200": {description: OK, content: {application/json: {}}}
    """
}
