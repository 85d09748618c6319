import { apiNotFound } from "@/lib/api/not-found";

// Any other path under this prefix: JSON 404 (a client of a JSON API must never have to parse an HTML page).
export { apiNotFound as GET, apiNotFound as POST, apiNotFound as PUT, apiNotFound as PATCH, apiNotFound as DELETE };
