from shared.lesson import Bullet, Lesson

LESSON = Lesson(
    day=99,
    title="Sample lesson for the course tool's own tests",
    learn=(Bullet("the runner starts any lesson the same way"),),
    try_these=("GET /health", "GET /docs"),
)
