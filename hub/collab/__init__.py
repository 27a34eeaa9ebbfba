"""Members' contributions to their partner spaces (issue 17): documents, a meeting's agenda
or minutes, comments, and the activity list of each space. Front-end forms: members never
need the Wagtail admin. Who sees what is `hub.access`'s answer; who approves is
`hub.access.manages_space`'s, and nothing else's."""
