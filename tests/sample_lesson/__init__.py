from shared.lesson import Lesson

LESSON = Lesson(
    day=99,
    title="Sample lesson for the course tool's own tests",
    learn=("the runner starts any lesson the same way",),
    try_these=("GET /health", "GET /docs"),
)
