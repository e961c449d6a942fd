"""The reviewer's and sponsor's view over many transcripts: screening log, index, CSV and HTML."""
