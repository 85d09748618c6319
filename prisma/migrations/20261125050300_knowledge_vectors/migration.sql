-- An entry's vector describes its title and content: when either changes, whoever wrote it (the admin, the API, an
-- import), the stored vector is dropped so retrieval recomputes it instead of matching the old text.
CREATE FUNCTION "knowledge_entries_drop_stale_embedding"() RETURNS trigger AS $$
BEGIN
  NEW."embedding" := NULL;
  NEW."embedding_model" := NULL;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "knowledge_entries_drop_stale_embedding"
  BEFORE UPDATE OF "title", "content" ON "knowledge_entries"
  FOR EACH ROW
  WHEN (OLD."title" IS DISTINCT FROM NEW."title" OR OLD."content" IS DISTINCT FROM NEW."content")
  EXECUTE FUNCTION "knowledge_entries_drop_stale_embedding"();
