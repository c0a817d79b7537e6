"""How an answer is cut: an essay version's representations and responses,
memoised per version, and the responses of lists read straight from the database."""
