module github.com/guildhall-platform/guildhall

go 1.26.0

require (
	github.com/chromedp/chromedp v0.23.0 // why: drive headless Chromium in the accessibility and journey tests (tests only)
	github.com/coreos/go-oidc/v3 v3.21.0 // why: OpenID Connect discovery, JWKS and ID-token verification for staff single sign-on
	github.com/getkin/kin-openapi v0.152.0 // why: tests only: check the API's OpenAPI 3.1 document and validate real responses against it
	github.com/go-webauthn/webauthn v0.18.2 // why: passkeys (WebAuthn registration and assertion checks) as a second factor
	github.com/goccy/go-yaml v1.19.2 // why: service definitions; YAML AST with line:col positions for every error
	github.com/hanwen/go-fuse/v2 v2.12.1 // why: tests only: a FUSE file system that forgets unsynced writes, for the power-loss crash test (test/internal/powerfs)
	github.com/johannesboyne/gofakes3 v1.2.0 // why: tests only: an in-process S3 server (in memory) for the S3 blob driver and the multi-node test; the driver itself is a small hand-written SigV4 client (internal/blob/s3.go) rather than an SDK
	github.com/jackc/pgx/v5 v5.12.0 // why: PostgreSQL driver (database/sql via pgx/v5/stdlib) for production deployments
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3 // why: validate service definitions against the published JSON Schema, with instance locations
	github.com/zitadel/oidc/v3 v3.51.17 // why: a real OpenID Provider (its example OP) started in the single sign-on tests (tests only)
	golang.org/x/crypto v0.57.0 // why: argon2id password hashing (no standard-library equivalent)
	golang.org/x/oauth2 v0.37.0 // why: authorization code exchange with PKCE for single sign-on (used by go-oidc)
	golang.org/x/sync v0.24.0 // why: a weighted semaphore bounds the pixels decoded at once when photos are cleaned (internal/photo); already required by pgx
	golang.org/x/text v0.43.0 // why: message printer for jsonschema's error texts (already required by jsonschema)
	modernc.org/sqlite v1.61.1 // why: embedded SQLite without cgo (FTS5 and JSON1 built in), the default database
)

require (
	github.com/bmatcuk/doublestar/v4 v4.10.4 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/chromedp/cdproto v0.159.0 // indirect
	github.com/dustin/go-humanize v1.1.0 // indirect
	github.com/fxamacker/cbor/v2 v2.9.4 // indirect
	github.com/go-chi/chi/v5 v5.5.0 // indirect
	github.com/go-jose/go-jose/v4 v4.1.6 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	github.com/go-openapi/jsonpointer v0.22.5 // indirect
	github.com/go-openapi/swag/jsonname v0.25.5 // indirect
	github.com/go-viper/mapstructure/v2 v2.5.0 // indirect
	github.com/go-webauthn/x v0.3.1 // indirect
	github.com/golang-jwt/jwt/v5 v5.3.1 // indirect
	github.com/google/go-tpm v0.9.8 // indirect
	github.com/google/uuid v1.6.0 // indirect
	github.com/gorilla/mux v1.8.0 // indirect
	github.com/gorilla/securecookie v1.1.2 // indirect
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/muhlemmer/gu v0.3.1 // indirect
	github.com/muhlemmer/httpforwarded v0.1.0 // indirect
	github.com/ncruces/go-strftime v1.1.0 // indirect
	github.com/oasdiff/yaml v0.1.1 // indirect
	github.com/oasdiff/yaml3 v0.0.14 // indirect
	github.com/philhofer/fwd v1.2.0 // indirect
	github.com/remyoudompheng/bigfft v0.0.0-20230129092748-24d4a6f8daec // indirect
	github.com/rs/cors v1.11.1 // indirect
	github.com/ryszard/goskiplist v0.0.0-20150312221310-2dfbae5fcf46 // indirect
	github.com/tinylib/msgp v1.6.4 // indirect
	github.com/x448/float16 v0.8.4 // indirect
	github.com/zitadel/schema v1.3.2 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel v1.46.0 // indirect
	go.opentelemetry.io/otel/metric v1.46.0 // indirect
	go.opentelemetry.io/otel/trace v1.46.0 // indirect
	go.shabbyrobe.org/gocovmerge v0.0.0-20230507111327-fa4f82cfbf4d // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
	modernc.org/libc v1.79.0 // indirect
	modernc.org/mathutil v1.7.1 // indirect
	modernc.org/memory v1.12.1 // indirect
)
